// storeReports writes a group of reports with a few multi-row statements in one transaction. The
// same behaviour must hold on the embedded file and over HTTP (the Worker's libSQL client).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client, InStatement } from '@libsql/client'
import { createClient } from '@libsql/client/web'
import { afterEach, describe, expect, it } from 'vitest'
import type { Env } from '../../../lib/core/env.js'
import type { SamplePoint } from '../../../lib/reports/samples.js'
import { migrate } from '../../../lib/store/migrate.js'
import { groupCommit } from '../../../lib/store/group-commit.js'
import { storeReports, type ReportHeadline } from '../../../lib/store/reports.js'
import { testEnv } from '../../support/env.js'
import { managedCustomer } from '../../support/factories.js'
import { startHranaServer, type HranaServer } from '../../support/hrana-server.js'

const T0 = Date.parse('2026-11-29T04:30:00Z')
const headline = (version: string): ReportHeadline => ({
  controllerVersion: version,
  hostname: 'node-1',
  health: 'warn',
  monitoringEnabled: false,
  controllerUrl: 'https://c.example',
  backupEnabled: true,
  dbdumpEnabled: null,
})
const sample: SamplePoint = {
  health: 'fail',
  cpu_percent: 12.34,
  load1: 0.5,
  memory_used_percent: 41.47,
  disk_used_percent_max: 83,
  temperature_c: 47.1,
  containers_running: 13,
  containers_total: 14,
}
const body = (text: string) => new TextEncoder().encode(text)
/** Through the Env's group commit, as ingest does. */
const storeReport = (env: Env, customerId: string, reportBody: Uint8Array, version: string, at: number) =>
  env.reports.submit({ customerId, receivedAt: at, body: reportBody, headline: headline(version), sample })
const store = (env: Env, customerId: string, at: number, version = `v${at - T0}`) =>
  storeReport(env, customerId, body(`${customerId}@${at}`), version, at)

async function customerRow(db: Client, customerId: string) {
  const sql = 'SELECT * FROM customer_configs WHERE customer_id = ?'
  return (await db.execute({ sql, args: [customerId] })).rows[0]
}
const text = (b: unknown) => new TextDecoder().decode(b as ArrayBuffer)
async function latestBody(db: Client, customerId: string) {
  const c = await customerRow(db, customerId)
  const rs = await db.execute({ sql: 'SELECT body FROM reports WHERE id = ?', args: [c.latest_report_id] })
  return text(rs.rows[0].body)
}

/** Counts the client's batches and their statements. */
function countBatches(db: Client) {
  const seen: number[] = []
  const batch = db.batch.bind(db)
  db.batch = ((stmts: InStatement[], mode) => {
    seen.push(stmts.length)
    return batch(stmts, mode)
  }) as Client['batch']
  return seen
}

let hrana: HranaServer | undefined
let hranaClient: Client | undefined
let hranaDir: string | undefined
afterEach(async () => {
  hranaClient?.close()
  await hrana?.close()
  if (hranaDir) rmSync(hranaDir, { recursive: true, force: true })
  hrana = hranaClient = hranaDir = undefined
})

const backends: [string, () => Promise<Env>][] = [
  ['the embedded file', () => testEnv()],
  [
    'libSQL over HTTP',
    async () => {
      hranaDir = mkdtempSync(join(tmpdir(), 'reports-hrana-'))
      hrana = await startHranaServer(join(hranaDir, 'hub.db'))
      hranaClient = createClient({ url: hrana.url, intMode: 'number' })
      await migrate(hranaClient)
      const db = hranaClient
      return { ...(await testEnv()), db, reports: groupCommit((rows) => storeReports(db, rows)) }
    },
  ],
]

describe.each(backends)('storeReports on %s', (_, open) => {
  it('creates a manual customer pointing at the report, with its headline and sample', async () => {
    const env = await open()
    const { db } = env
    await store(env, 'kovacs', T0, '1.4.0')
    const c = await customerRow(db, 'kovacs')
    expect(c).toMatchObject({
      config_type: 'manual',
      created_at: T0,
      last_report_at: T0,
      controller_version: '1.4.0',
      hostname: 'node-1',
      health: 'warn',
      monitoring_enabled: 0,
      reported_controller_url: 'https://c.example',
      backup_enabled: 1,
      dbdump_enabled: null,
    })
    expect(text((await db.execute('SELECT body FROM reports')).rows[0].body)).toBe(`kovacs@${T0}`)
    expect(await latestBody(db, 'kovacs')).toBe(`kovacs@${T0}`)
    const m = (await db.execute('SELECT * FROM samples')).rows[0]
    expect({ ...m }).toEqual({
      customer_ref: c.ref,
      ts: T0 / 1000,
      health: 2,
      cpu: 1234,
      load1: 50,
      mem: 4147,
      disk: 8300,
      temp: 471,
      running: 13,
      total: 14,
    })
    // VALUES columns have no affinity: the tables' INTEGER columns must still get integers.
    const types = await db.execute(
      'SELECT typeof(received_at) AS r, typeof(last_report_at) AS l FROM reports, customer_configs',
    )
    expect({ ...types.rows[0] }).toEqual({ r: 'integer', l: 'integer' })
  })

  it('keeps the newer report as latest when an older one is stored after it', async () => {
    const env = await open()
    const { db } = env
    await store(env, 'kovacs', T0 + 60_000, 'new')
    await store(env, 'kovacs', T0, 'old')
    expect(await latestBody(db, 'kovacs')).toBe(`kovacs@${T0 + 60_000}`)
    expect((await customerRow(db, 'kovacs')).controller_version).toBe('new')
    expect((await db.execute('SELECT count(*) AS n FROM reports')).rows[0].n).toBe(2)
    expect((await db.execute('SELECT count(*) AS n FROM samples')).rows[0].n).toBe(2)
  })

  it('moves a managed customer to its report but leaves it managed', async () => {
    const env = await open()
    await managedCustomer(env, 'szabo')
    const before = await customerRow(env.db, 'szabo')
    await store(env, 'szabo', T0 + 1_000, '2.0.0')
    const after = await customerRow(env.db, 'szabo')
    expect(after).toMatchObject({
      config_type: 'managed',
      created_at: before.created_at,
      controller_version: '2.0.0',
    })
    expect(await latestBody(env.db, 'szabo')).toBe(`szabo@${T0 + 1_000}`)
  })

  it('stores reports that arrive together in one transaction of five statements, each customer at its newest', async () => {
    const env = await open()
    const { db } = env
    const batches = countBatches(db)
    // Three rounds for four customers, shuffled so an older report often follows a newer one.
    const ids = ['a', 'b', 'c', 'd']
    const jobs = [2, 0, 1].flatMap((round) => ids.map((id) => [id, T0 + round * 1_000] as const))
    await Promise.all(jobs.map(([id, at]) => store(env, id, at)))
    // Customers, reports, latest pointers, samples and state changes: one statement each.
    expect(batches).toEqual([5])
    expect((await db.execute('SELECT count(*) AS n FROM reports')).rows[0].n).toBe(12)
    expect((await db.execute('SELECT count(*) AS n FROM customer_configs')).rows[0].n).toBe(4)
    for (const id of ids) expect(await latestBody(db, id)).toBe(`${id}@${T0 + 2_000}`)
  })

  it('answers each report of a group alone when one of them cannot be stored', async () => {
    const env = await open()
    const { db } = env
    const noBody = null as unknown as Uint8Array // reports.body is NOT NULL
    const bad = storeReport(env, 'bad', noBody, 'x', T0)
    const outcomes = await Promise.allSettled([store(env, 'a', T0), bad, store(env, 'b', T0)])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const ids = await db.execute('SELECT customer_id FROM customer_configs ORDER BY customer_id')
    expect(ids.rows.map((r) => r.customer_id)).toEqual(['a', 'b'])
    expect(await latestBody(db, 'b')).toBe(`b@${T0}`)
  })
})
