// A Go hub (v0.3.1) database for tests. The Go schema is known only from the seed's description of
// its tables; GO_SCHEMA is that description written out with plausible columns (docs/migrating-from-
// go.md maps them). Times are written the ways Go's SQLite drivers write them: SQLite's
// CURRENT_TIMESTAMP text, Go's time.Time text, RFC 3339. Secrets are plaintext, as the Go hub kept them.
import Database from 'libsql'
import { fixtureInfraBackup, fixtureReport } from './fixtures.js'

export const GO_SCHEMA: Record<string, string> = {
  customer_configs: `CREATE TABLE customer_configs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    domain TEXT NOT NULL DEFAULT '',
    controller_url TEXT NOT NULL DEFAULT '',
    api_key TEXT NOT NULL,
    retrieval_password TEXT NOT NULL,
    session_secret TEXT NOT NULL DEFAULT '',
    tunnel_token TEXT NOT NULL DEFAULT '',
    registry_username TEXT NOT NULL DEFAULT '',
    registry_token TEXT NOT NULL DEFAULT '',
    monitoring_enabled INTEGER,
    disk_warn_percent INTEGER,
    disk_critical_percent INTEGER,
    temperature_warn_c INTEGER,
    container_restart_threshold INTEGER,
    hc_base_url TEXT NOT NULL DEFAULT '',
    hc_report_uuid TEXT NOT NULL DEFAULT '',
    hc_backup_uuid TEXT NOT NULL DEFAULT '',
    hc_dbdump_uuid TEXT NOT NULL DEFAULT '',
    blocked INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
  )`,
  customer_notifications: `CREATE TABLE customer_notifications (
    customer_id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    enabled_events TEXT NOT NULL DEFAULT '[]',
    cooldown_hours INTEGER NOT NULL DEFAULT 6,
    updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
  )`,
  infra_backups: `CREATE TABLE infra_backups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (customer_id, version)
  )`,
  events: `CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    details TEXT,
    source TEXT NOT NULL DEFAULT 'controller',
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP
  )`,
  reports: `CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL,
    received_at DATETIME NOT NULL,
    payload TEXT NOT NULL
  )`,
  notification_log: `CREATE TABLE notification_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT,
    event_type TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    error TEXT,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP
  )`,
  sessions: `CREATE TABLE sessions (token TEXT PRIMARY KEY, expires_at DATETIME NOT NULL)`,
}

type Row = Record<string, unknown>
export interface GoHubFixture {
  customer_configs: Row[]
  customer_notifications: Row[]
  infra_backups: Row[]
  events: Row[]
  reports: Row[]
  notification_log: Row[]
}

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** SQLite's CURRENT_TIMESTAMP text (UTC). */
export const sqliteTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
/** Go's time.Time as mattn/go-sqlite3 stores it. */
export const goTimeText = (ms: number) =>
  new Date(ms).toISOString().replace('T', ' ').replace('Z', '123456+00:00')
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The credentials the controllers in the field hold: the test logs in with these after the switch. */
export const GO_CREDENTIALS = {
  'kovacs-csalad': { api_key: 'go-kovacs-7Hq2Lx9Pz4Vb8Nc3Wd', retrieval_password: 'kovacs-Qm4Tz8Kw' },
  'nagy-bt': { api_key: 'go-nagy-R5tY8uI2oP6aS9dF3gH', retrieval_password: 'nagy-Zx7Cv2Bn5M' },
  'szabo-kft': { api_key: 'go-szabo-Kp3Lm8Nq2Rs7Tu4VwX', retrieval_password: 'szabo-Hj6Yt3Re9' },
}

/**
 * A small fleet as the Go hub would hold it `now`: three managed customers (one blocked), a machine
 * known only from its reports that went quiet ten days ago, twelve infra backup versions for one
 * customer, 95 days of reports every 12 hours, and events and log rows inside and outside retention.
 */
export function goFleet(now: number): GoHubFixture {
  const report = (id: string, at: number, patch: Row = {}) => ({
    customer_id: id,
    received_at: goTimeText(at),
    payload: JSON.stringify({ ...fixtureReport(), customer_id: id, timestamp: rfc3339(at), ...patch }),
  })
  const reports: Row[] = []
  for (let at = now - 95 * DAY; at < now - HOUR; at += 12 * HOUR) reports.push(report('kovacs-csalad', at))
  reports.push(report('kovacs-csalad', now - 10 * 60_000))
  reports.push(report('nagy-bt', now - 20 * 60_000, { hostname: 'nagy-nas' }))
  // Go kept the id in its own column; this payload lacks it.
  const szabo = report('szabo-kft', now - 5 * 60_000)
  const { customer_id: _, ...withoutId } = JSON.parse(szabo.payload as string)
  reports.push({ ...szabo, payload: JSON.stringify(withoutId) })
  reports.push(report('regi-gep', now - 10 * DAY, { hostname: 'regi-gep' }))
  reports.push({
    customer_id: 'kovacs-csalad',
    received_at: goTimeText(now - 3 * HOUR),
    payload: '{"not":"a report"}',
  })

  const backup = (id: string, version: number) => ({
    customer_id: id,
    version,
    payload: JSON.stringify({
      ...fixtureInfraBackup(),
      customer_id: id,
      created_at: rfc3339(now - (13 - version) * DAY),
    }),
    created_at: sqliteTime(now - (13 - version) * DAY),
  })
  const event = (id: string, type: string, severity: string, ageMs: number, extra: Row = {}) => ({
    customer_id: id,
    event_type: type,
    severity,
    message: `${type} on ${id}`,
    created_at: rfc3339(now - ageMs),
    ...extra,
  })
  return {
    customer_configs: [
      {
        customer_id: 'kovacs-csalad',
        display_name: 'Kovács család',
        domain: 'kovacs-csalad.felhom.eu',
        ...GO_CREDENTIALS['kovacs-csalad'],
        session_secret: 'go-session-secret-kovacs-0123456789',
        tunnel_token: 'go-tunnel-token-kovacs',
        disk_warn_percent: 85,
        hc_report_uuid: '0f5c2a8e-3b1d-4c6e-9a7f-2d8b1e4c6a90',
        notes: 'pays yearly',
        created_at: sqliteTime(now - 400 * DAY),
      },
      {
        customer_id: 'nagy-bt',
        display_name: 'Nagy Bt.',
        domain: 'nagy-bt.felhom.eu',
        ...GO_CREDENTIALS['nagy-bt'],
        blocked: 1,
        created_at: sqliteTime(now - 200 * DAY),
      },
      {
        customer_id: 'szabo-kft',
        display_name: 'Szabó Kft.',
        ...GO_CREDENTIALS['szabo-kft'],
        monitoring_enabled: 1,
        created_at: sqliteTime(now - 30 * DAY),
      },
    ],
    customer_notifications: [
      {
        customer_id: 'kovacs-csalad',
        email: 'kovacs@example.test',
        enabled_events: JSON.stringify(['backup_failed', 'disk_space_critical', 'retired_go_event']),
        cooldown_hours: 12,
      },
    ],
    infra_backups: [
      ...Array.from({ length: 12 }, (_, i) => backup('kovacs-csalad', i + 1)),
      backup('nagy-bt', 1),
    ],
    events: [
      event('kovacs-csalad', 'backup_completed', 'info', 2 * HOUR, {
        details: JSON.stringify({ snapshot: 'a1b2c3' }),
      }),
      event('kovacs-csalad', 'disk_space_warning', 'warning', 3 * DAY),
      event('nagy-bt', 'smart_failure', 'critical', 5 * DAY),
      event('regi-gep', 'node_down', 'error', 9 * DAY, { source: 'hub' }),
      event('szabo-kft', 'container_restart', 'debug', DAY),
      event('kovacs-csalad', 'backup_failed', 'error', 120 * DAY),
    ],
    reports,
    notification_log: [
      {
        customer_id: 'kovacs-csalad',
        event_type: 'backup_failed',
        recipient: 'kovacs@example.test',
        subject: 'Sikertelen mentés',
        status: 'sent',
        created_at: sqliteTime(now - DAY),
      },
      {
        customer_id: 'nagy-bt',
        event_type: 'smart_failure',
        recipient: 'ops@felhom.eu',
        subject: 'SMART failure',
        status: 'failed',
        error: 'resend 500',
        created_at: sqliteTime(now - 5 * DAY),
      },
      {
        customer_id: 'kovacs-csalad',
        event_type: 'disk_space_warning',
        recipient: 'kovacs@example.test',
        subject: '',
        status: 'pending',
        created_at: sqliteTime(now - HOUR),
      },
    ],
  }
}

/** Writes the fixture as a Go hub.db at `path`; `drop` leaves out columns (a schema that differs). */
export function writeGoHubDb(
  path: string,
  fixture: GoHubFixture,
  opts: { drop?: { table: keyof GoHubFixture; column: string }[] } = {},
): void {
  const db = new Database(path)
  try {
    for (const [table, ddl] of Object.entries(GO_SCHEMA)) {
      const dropped = (opts.drop ?? []).filter((d) => d.table === table).map((d) => d.column)
      const lines = ddl.split('\n').filter((l) => !dropped.some((c) => l.trim().startsWith(`${c} `)))
      db.exec(lines.join('\n').replace(/,(\s*\))\s*$/, '$1'))
    }
    db.exec('BEGIN')
    for (const [table, rows] of Object.entries(fixture) as [keyof GoHubFixture, Row[]][]) {
      const dropped = new Set((opts.drop ?? []).filter((d) => d.table === table).map((d) => d.column))
      for (const row of rows) {
        const cols = Object.keys(row).filter((c) => !dropped.has(c))
        db.prepare(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        ).run(...cols.map((c) => row[c] as string | number | null))
      }
    }
    db.exec('COMMIT')
  } finally {
    db.close()
  }
}
