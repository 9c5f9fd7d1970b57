// reports (full JSON, deflated) and samples (one compact row per report).
import type { Client, InStatement, InValue, Row } from '@libsql/client'
import { parseStoredJson } from '../core/json.js'
import type { SamplePoint } from '../reports/samples.js'
import { diskUsageStatements, type DiskReading } from './disk-usage.js'
import { decodeReportBody } from './report-codec.js'
import { bytes } from './rows.js'
import { stateChangeStatement, type NodeState } from './state-changes.js'

const HEALTH_CODE = { ok: 0, warn: 1, fail: 2 } as const
const HEALTH_NAME = ['ok', 'warn', 'fail'] as const
const scale = (v: number | null, f: number) => (v === null ? null : Math.round(v * f))
const unscale = (v: unknown, f: number) => (v === null || v === undefined ? null : Number(v) / f)

export interface ReportHeadline {
  controllerVersion: string
  hostname: string | null
  health: string
  monitoringEnabled: boolean
  controllerUrl: string | null
  backupEnabled: boolean | null
  dbdumpEnabled: boolean | null
}

/** One report as it is stored: its JSON (deflate-raw compressed), headline and compact sample. */
export interface ReportRow {
  customerId: string
  receivedAt: number
  body: Uint8Array
  /** How `body` is compressed (lib/store/report-codec.ts); absent: plain deflate-raw. */
  codec?: number
  headline: ReportHeadline
  sample: SamplePoint
  /** Each mount's usage, for the disk-full forecast (lib/store/disk-usage.ts). */
  disks?: DiskReading[]
}

const flag = (v: boolean | null) => (v === null ? null : v ? 1 : 0)

/** Rows per multi-row statement: keeps bound parameters far below SQLite's 32,766. */
const MAX_ROWS = 100

const REF = '(SELECT ref FROM customer_configs WHERE customer_id = ?)'

/**
 * Stores a group of reports in one write transaction (one fsync): a few multi-row statements per
 * group, not a few per report. @libsql/client pays a fixed toll per statement (prepare, a raw()
 * probe, run) that dwarfs the work of one row, so the statement count per group is what bounds
 * ingest. The steps, in order:
 *   1. a customer the hub has not seen appears as a manual one;
 *   2. the full reports;
 *   3. each customer's latest pointer and headline move to its newest report of the group, unless
 *      a newer report is already there (reports can arrive out of order);
 *   4. one compact sample per report (one per customer and second);
 *   5. each mount's usage, when it changed (at most hourly);
 *   6. a state change for each customer whose newest report changes its state (health fail is
 *      `error`, ok and warn are `ok`; a report also ends a stale or down state): one statement.
 */
export async function storeReports(db: Client, rows: ReportRow[]): Promise<void> {
  if (rows.length === 0) return
  await db.batch(reportStatements(rows), 'write')
}

export function reportStatements(rows: ReportRow[]): InStatement[] {
  const firstSeen = new Map<string, ReportRow>()
  const newest = new Map<string, ReportRow>()
  for (const r of rows) {
    if (!firstSeen.has(r.customerId)) firstSeen.set(r.customerId, r)
    const seen = newest.get(r.customerId)
    if (!seen || seen.receivedAt <= r.receivedAt) newest.set(r.customerId, r)
  }
  return [
    ...multiRow(
      [...firstSeen.values()],
      `INSERT INTO customer_configs (customer_id, config_type, created_at, updated_at) VALUES`,
      `(?, 'manual', ?, ?)`,
      (r) => [r.customerId, r.receivedAt, r.receivedAt],
      'ON CONFLICT (customer_id) DO NOTHING',
    ),
    ...multiRow(
      rows,
      'INSERT INTO reports (customer_ref, received_at, body, codec) VALUES',
      `(${REF}, ?, ?, ?)`,
      (r) => [r.customerId, r.receivedAt, r.body, r.codec ?? null],
    ),
    ...multiRow(
      [...newest.values()],
      'UPDATE customer_configs AS c SET last_report_at = v.column2, controller_version = v.column3,' +
        ' hostname = v.column4, health = v.column5, monitoring_enabled = v.column6,' +
        ' reported_controller_url = v.column7, backup_enabled = v.column8, dbdump_enabled = v.column9,' +
        ' latest_report_id = (SELECT id FROM reports WHERE received_at = v.column2 AND customer_ref = c.ref' +
        ' ORDER BY id DESC LIMIT 1) FROM (VALUES',
      '(?, ?, ?, ?, ?, ?, ?, ?, ?)',
      (r) => [
        r.customerId,
        r.receivedAt,
        r.headline.controllerVersion,
        r.headline.hostname,
        r.headline.health,
        r.headline.monitoringEnabled ? 1 : 0,
        r.headline.controllerUrl,
        flag(r.headline.backupEnabled),
        flag(r.headline.dbdumpEnabled),
      ],
      ') AS v WHERE c.customer_id = v.column1 AND (c.last_report_at IS NULL OR c.last_report_at <= v.column2)',
    ),
    ...sampleStatements(rows),
    ...diskUsageStatements(rows),
    ...stateChanges([...newest.values()]),
  ]
}

// Health warn is up, like ok: neither uptime nor an acknowledgement tells them apart, and a node
// whose health flaps between them writes no rows.
const HEALTH_STATE: Record<string, NodeState> = { ok: 'ok', warn: 'ok', fail: 'error' }

function stateChanges(newest: ReportRow[]): InStatement[] {
  const stmt = stateChangeStatement(
    newest.map((r) => ({
      customerId: r.customerId,
      at: r.receivedAt,
      state: HEALTH_STATE[r.headline.health] ?? 'ok',
    })),
  )
  return stmt ? [stmt] : []
}

/** One compact sample per report (the last one wins within a customer's second), multi-row. */
export function sampleStatements(
  rows: Pick<ReportRow, 'customerId' | 'receivedAt' | 'sample'>[],
): InStatement[] {
  return multiRow(
    rows,
    'INSERT OR REPLACE INTO samples (customer_ref, ts, health, cpu, load1, mem, disk, temp, running, total) VALUES',
    `(${REF}, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    (r) => [r.customerId, ...sampleValues(r.sample, r.receivedAt)],
  )
}

/** `head (…), (…) tail` over `items`, MAX_ROWS tuples per statement. */
function multiRow<T>(
  items: T[],
  head: string,
  tuple: string,
  args: (item: T) => InValue[],
  tail = '',
): InStatement[] {
  const out: InStatement[] = []
  for (let i = 0; i < items.length; i += MAX_ROWS) {
    const chunk = items.slice(i, i + MAX_ROWS)
    out.push({
      sql: `${head} ${chunk.map(() => tuple).join(', ')} ${tail}`.trim(),
      args: chunk.flatMap(args),
    })
  }
  return out
}

/** One sample's values after customer_ref: scaled integers. */
function sampleValues(sample: SamplePoint, receivedAt: number): InValue[] {
  return [
    Math.floor(receivedAt / 1000),
    HEALTH_CODE[sample.health],
    scale(sample.cpu_percent, 100),
    scale(sample.load1, 100),
    scale(sample.memory_used_percent, 100),
    scale(sample.disk_used_percent_max, 100),
    scale(sample.temperature_c, 10),
    sample.containers_running,
    sample.containers_total,
  ]
}

/**
 * A report's sample alone (history older than the full JSON is kept), for a customer that exists;
 * a sample already stored for that second is left as it is.
 */
export function sampleRowStatement(customerId: string, sample: SamplePoint, receivedAt: number): InStatement {
  return {
    sql: `INSERT OR IGNORE INTO samples (customer_ref, ts, health, cpu, load1, mem, disk, temp, running, total)
          VALUES (${REF}, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [customerId, ...sampleValues(sample, receivedAt)],
  }
}

/** When a customer's stored full reports were received (ms) and its samples taken (s). */
export async function storedReportTimes(
  db: Client,
  customerId: string,
): Promise<{ reports: Set<number>; samples: Set<number> }> {
  const [reports, samples] = await db.batch(
    [
      { sql: `SELECT received_at AS t FROM reports WHERE customer_ref = ${REF}`, args: [customerId] },
      { sql: `SELECT ts AS t FROM samples WHERE customer_ref = ${REF}`, args: [customerId] },
    ],
    'read',
  )
  return {
    reports: new Set(reports.rows.map((r) => Number(r.t))),
    samples: new Set(samples.rows.map((r) => Number(r.t))),
  }
}

/**
 * A stored report: the JSON object as sent, or null with the problem when the row cannot be read
 * back (a corrupt blob, or JSON the hub would refuse today, stored before the limit existed).
 */
export type StoredReport =
  | { receivedAt: number; report: Record<string, unknown>; problem?: undefined }
  | { receivedAt: number; report: null; problem: string }

export async function reportById(db: Client, id: number): Promise<StoredReport | null> {
  const rs = await db.execute({
    sql: 'SELECT received_at, body, codec FROM reports WHERE id = ?',
    args: [id],
  })
  const r = rs.rows[0]
  if (!r) return null
  const receivedAt = Number(r.received_at)
  let raw: Uint8Array
  try {
    raw = await decodeReportBody(bytes(r.body), r.codec === null ? null : Number(r.codec))
  } catch {
    return { receivedAt, report: null, problem: 'its compressed body is corrupt' }
  }
  const parsed = parseStoredJson(raw)
  if (!parsed.ok) return { receivedAt, report: null, problem: `its body is ${parsed.problem}` }
  const v = parsed.value
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return { receivedAt, report: null, problem: 'its body is not a JSON object' }
  }
  return { receivedAt, report: v as Record<string, unknown> }
}

export interface HistoryPoint extends SamplePoint {
  received_at: number
}

/** When the customer's oldest kept sample was taken (ms), or null without any. */
export async function firstSampleAt(db: Client, customerRef: number): Promise<number | null> {
  const rs = await db.execute({
    sql: 'SELECT min(ts) AS t FROM samples WHERE customer_ref = ?',
    args: [customerRef],
  })
  const t = rs.rows[0]?.t
  return t === null || t === undefined ? null : Number(t) * 1000
}

export async function samplesSince(
  db: Client,
  customerRef: number,
  sinceMs: number,
): Promise<HistoryPoint[]> {
  const rs = await db.execute({
    sql: `SELECT ts, health, cpu, load1, mem, disk, temp, running, total FROM samples
          WHERE customer_ref = ? AND ts >= ? ORDER BY ts`,
    args: [customerRef, Math.floor(sinceMs / 1000)],
  })
  return rs.rows.map(historyPointOf)
}

/** A sample row (or an hourly row, lib/store/samples-hourly.ts) as a history point; `ts` in seconds. */
export function historyPointOf(r: Row): HistoryPoint {
  return {
    received_at: Number(r.ts) * 1000,
    health: HEALTH_NAME[Number(r.health)] ?? 'ok',
    cpu_percent: unscale(r.cpu, 100),
    load1: unscale(r.load1, 100),
    memory_used_percent: unscale(r.mem, 100),
    disk_used_percent_max: unscale(r.disk, 100),
    temperature_c: unscale(r.temp, 10),
    containers_running: r.running === null ? null : Number(r.running),
    containers_total: r.total === null ? null : Number(r.total),
  }
}

export { unscale }
