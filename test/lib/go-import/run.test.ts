// The Go hub's database into this hub's: a dry run that writes nothing, an apply in one
// transaction, a second apply that changes nothing, and refusals that name what is wrong.
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { GoImportError, runGoImport, type GoImportResult } from '../../../lib/go-import/run.js'
import { openGoDatabase } from '../../../lib/node/go-database.js'
import { getCustomer } from '../../../lib/store/customers.js'
import { getPreferences } from '../../../lib/store/preferences.js'
import { checkStaleness } from '../../../scheduled/staleness.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { GO_CREDENTIALS, goFleet, writeGoHubDb, type GoHubFixture } from '../../support/go-hub-db.js'
import { call, callJson } from '../../support/http.js'

const NOW = '2026-11-29T04:30:00Z'

async function setup(
  fixture: (f: GoHubFixture) => GoHubFixture = (f) => f,
  drop?: NonNullable<Parameters<typeof writeGoHubDb>[2]>['drop'],
) {
  const env = await testEnv({ clock: fixedClock(NOW) })
  const path = join(env.dir, 'go-hub.db')
  writeGoHubDb(path, fixture(goFleet(Date.parse(NOW))), { drop })
  const source = openGoDatabase(path)
  return { env, path, source, run: (apply: boolean) => runGoImport(env, source, { apply }) }
}

const byTable = (r: GoImportResult) =>
  Object.fromEntries(
    r.tables.map((t) => [
      t.check.table.table,
      {
        imported: t.imported,
        unchanged: t.unchanged,
        skipped: Object.values(t.skipped).reduce((a, b) => a + b, 0),
      },
    ]),
  )

/** Every row of every table, to prove a run wrote nothing. */
async function snapshot(env: TestEnv) {
  const tables = await env.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
  const out: Record<string, unknown[]> = {}
  for (const { name } of tables.rows) {
    const rs = await env.db.execute(`SELECT * FROM ${name}`)
    out[String(name)] = rs.rows.map((r) =>
      JSON.stringify(Object.values(r), (_, v) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v)),
    )
  }
  return out
}

describe('runGoImport', () => {
  it('dry-runs: says per table what maps, what is dropped and what it would import, and writes nothing', async () => {
    const { env, run } = await setup()
    const before = await snapshot(env)
    const dry = await run(false)
    expect(dry.applied).toBe(false)
    expect(byTable(dry)).toEqual({
      customer_configs: { imported: 3, unchanged: 0, skipped: 0 },
      customer_notifications: { imported: 1, unchanged: 0, skipped: 0 },
      infra_backups: { imported: 11, unchanged: 0, skipped: 2 },
      reports: { imported: 184, unchanged: 0, skipped: 11 },
      events: { imported: 4, unchanged: 0, skipped: 2 },
      notification_log: { imported: 2, unchanged: 0, skipped: 1 },
    })
    const customers = dry.tables[0]
    expect(customers.check.unknown).toEqual(['notes'])
    expect(customers.check.dropped.map((c) => c.column).sort()).toEqual(['id', 'updated_at'])
    expect(customers.check.mapped.map((c) => c.column)).toContain('api_key')
    const reports = dry.tables.find((t) => t.check.table.table === 'reports')!
    expect(reports.skipped).toEqual({
      'older than retention.max_days': 10,
      'payload is not a valid report (timestamp: expected an RFC 3339 timestamp, e.g. 2026-11-29T04:15:02Z)': 1,
    })
    expect(reports.notes).toEqual([expect.stringContaining('1 node(s) silent')])
    expect(dry.tables.find((t) => t.check.table.table === 'infra_backups')!.skipped).toEqual({
      'older than the latest 10 versions of its customer': 2,
    })
    expect(dry.otherTables).toEqual(['sessions'])
    expect(await snapshot(env)).toEqual(before)
  })

  it('applies in one go: old keys and passwords work, blocks and overrides carry over, history within retention', async () => {
    const { env, run } = await setup()
    const applied = await run(true)
    expect(applied.applied).toBe(true)

    const kovacs = GO_CREDENTIALS['kovacs-csalad']
    const report = await call(env, 'POST', '/api/v1/event', {
      key: kovacs.api_key,
      body: { customer_id: 'kovacs-csalad', event_type: 'backup_completed', severity: 'info', message: 'ok' },
    })
    expect(report.status).toBe(201)
    const config = await call(env, 'GET', '/api/v1/config/kovacs-csalad', {
      key: null,
      headers: { 'X-Retrieval-Password': kovacs.retrieval_password },
    })
    expect(config.status).toBe(200)
    const yaml = await config.text()
    expect(yaml).toContain(`api_key: "${kovacs.api_key}"`)
    expect(yaml).toContain('go-session-secret-kovacs-0123456789')
    expect(yaml).toContain('go-tunnel-token-kovacs')
    const blocked = await call(env, 'GET', '/api/v1/config/nagy-bt', {
      key: null,
      headers: { 'X-Retrieval-Password': GO_CREDENTIALS['nagy-bt'].retrieval_password },
    })
    expect(blocked.status).toBe(403)

    const c = (await getCustomer(env.db, 'kovacs-csalad'))!
    expect([c.configType, c.displayName, c.domain, new Date(c.createdAt).toISOString()]).toEqual([
      'managed',
      'Kovács család',
      'kovacs-csalad.felhom.eu',
      '2025-10-25T04:30:00.000Z',
    ])
    expect(c.monitoringOverrides).toEqual({
      disk_warn_percent: 85,
      healthchecks: { report_uuid: '0f5c2a8e-3b1d-4c6e-9a7f-2d8b1e4c6a90' },
    })
    expect((await getCustomer(env.db, 'regi-gep'))!.configType).toBe('manual')
    expect((await getCustomer(env.db, 'szabo-kft'))!.monitoringOverrides).toEqual({ enabled: true })

    const backup = await callJson(env, 'GET', '/api/v1/infra-backup/kovacs-csalad')
    expect([backup.json.version, backup.json.customer_id]).toEqual([12, 'kovacs-csalad'])
    const versions = await env.db.execute(
      "SELECT min(version) AS lo, count(*) AS n FROM infra_backups WHERE customer_id = 'kovacs-csalad'",
    )
    expect([versions.rows[0].lo, versions.rows[0].n]).toEqual([3, 10])

    const history = await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad/history?period=90d')
    expect(history.json.points).toHaveLength(181)
    // Its Go payload lacked customer_id (Go kept it in a column): the stored report has it.
    const latest = await callJson(env, 'GET', '/api/v1/customers/szabo-kft')
    expect([latest.json.received_at, latest.json.report.customer_id]).toEqual([
      '2026-11-29T04:25:00Z',
      'szabo-kft',
    ])
    expect(await getPreferences(env.db, 'kovacs-csalad')).toMatchObject({
      email: 'kovacs@example.test',
      enabledEvents: ['backup_failed', 'disk_space_critical'],
      cooldownHours: 12,
    })
    const events = await env.db.execute(
      "SELECT customer_id, severity, source FROM events WHERE dedupe_key LIKE 'go-import:%' ORDER BY id",
    )
    expect(events.rows.map((r) => `${r.customer_id} ${r.severity} ${r.source}`)).toEqual([
      'kovacs-csalad info controller',
      'kovacs-csalad warning controller',
      'nagy-bt error controller',
      'regi-gep error hub',
    ])
    const log = await env.db.execute(
      "SELECT channel, status FROM notification_log WHERE idempotency_key LIKE 'go-import:%'",
    )
    expect(log.rows.map((r) => `${r.channel} ${r.status}`)).toEqual(['customer sent', 'customer failed'])

    // A node the Go hub already knew was down does not raise a new alert at the switch.
    const staleness = await checkStaleness(env)
    expect([staleness.stale, staleness.down]).toEqual([0, 0])

    // The controllers' plaintext secrets are nowhere in the new database.
    const files =
      readFileSync(env.dbPath).toString('latin1') + readFileSync(env.dbPath + '-wal').toString('latin1')
    for (const creds of Object.values(GO_CREDENTIALS)) {
      expect(files).not.toContain(creds.api_key)
      expect(files).not.toContain(creds.retrieval_password)
    }
    expect(files).not.toContain('go-tunnel-token-kovacs')
  })

  it('changes nothing on a second apply, and says everything is already there', async () => {
    const { env, run } = await setup()
    await run(true)
    const before = await snapshot(env)
    const again = await run(true)
    for (const [table, counts] of Object.entries(byTable(again))) expect(counts.imported, table).toBe(0)
    expect(byTable(again).reports.unchanged).toBe(184)
    expect(await snapshot(env)).toEqual(before)
  })

  it('refuses, naming table and column, when a column it needs is missing, and writes nothing', async () => {
    const { env, run } = await setup(undefined, [
      { table: 'customer_configs', column: 'retrieval_password' },
      { table: 'events', column: 'severity' },
    ])
    const before = await snapshot(env)
    await expect(run(true)).rejects.toThrow(GoImportError)
    await expect(run(true)).rejects.toThrow(
      'lacks columns the import needs (customer_configs: retrieval_password; events: severity)',
    )
    expect(await snapshot(env)).toEqual(before)
  })

  it("refuses this hub's own database", async () => {
    const env = await testEnv()
    const source = openGoDatabase(env.dbPath)
    await expect(runGoImport(env, source, { apply: false })).rejects.toThrow(
      'felhom-hub (TypeScript) database',
    )
  })

  it('writes nothing when a customer is refused, and says which and why', async () => {
    const { env, run } = await setup((f) => {
      f.customer_configs[2] = { ...f.customer_configs[2], api_key: 'short-go-key' }
      return f
    })
    const before = await snapshot(env)
    const res = await run(true)
    expect(res.applied).toBe(false)
    expect(res.refused).toEqual([
      { customerId: 'szabo-kft', reasons: ['api_key: shorter than 24 characters'] },
    ])
    expect(await snapshot(env)).toEqual(before)
  })

  it('rolls the whole import back when a write fails half-way', async () => {
    const { env, run } = await setup()
    // A fault planted in the target database: the first imported event aborts its statement.
    await env.db.execute(
      "CREATE TRIGGER fail_import BEFORE INSERT ON events WHEN NEW.dedupe_key LIKE 'go-import:%' BEGIN SELECT RAISE(ABORT, 'planted failure'); END",
    )
    const before = await snapshot(env)
    await expect(run(true)).rejects.toThrow('planted failure')
    expect(await snapshot(env)).toEqual(before)
    expect(await getCustomer(env.db, 'kovacs-csalad')).toBeNull()
  })
})
