// node bench/state-changes.mjs (after npm run build): what the state-change statement adds to a
// group commit of report ingest, measured in one process so the machine's load hits both sides
// alike. Groups of 50 reports over 1,000 customers are committed alternately with and without the
// statement (lib/store/reports.ts reportStatements, its last statement), on a WAL file with
// synchronous=FULL as the hub runs; the medians per group are printed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { createClient } from '@libsql/client'
import { migrate } from '../dist/lib/store/migrate.js'
import { reportStatements } from '../dist/lib/store/reports.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const GROUP = 50
const CUSTOMERS = 1000
const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'))
const db = createClient({ url: `file:${join(dir, 'hub.db')}`, intMode: 'number' })
await db.execute('PRAGMA journal_mode=WAL')
await migrate(db)
const body = deflateRawSync(readFileSync(new URL('../../shared/fixtures/report.json', import.meta.url)))
const headline = {
  controllerVersion: '1.8.2',
  hostname: 'node',
  health: 'warn',
  monitoringEnabled: true,
  controllerUrl: null,
  backupEnabled: true,
  dbdumpEnabled: true,
}
const sample = {
  health: 'warn',
  cpu_percent: 12.3,
  load1: 0.4,
  memory_used_percent: 41,
  disk_used_percent_max: 83,
  temperature_c: 47,
  containers_running: 13,
  containers_total: 14,
}
let t = Date.now()
let next = 0
const group = () =>
  Array.from({ length: GROUP }, () => ({
    customerId: `node-${next++ % CUSTOMERS}`,
    receivedAt: ++t,
    body,
    headline,
    sample,
  }))
// Every customer known and with a state, as in a running hub.
for (let i = 0; i < CUSTOMERS / GROUP; i++) await db.batch(reportStatements(group()), 'write')

const timed = async (stmts) => {
  const t0 = process.hrtime.bigint()
  await db.batch(stmts, 'write')
  return Number(process.hrtime.bigint() - t0) / 1e6
}
const withIt = []
const without = []
for (let r = 0; r < ROUNDS; r++) {
  const a = reportStatements(group())
  const b = reportStatements(group()).slice(0, -1)
  if (r % 2) (withIt.push(await timed(a)), without.push(await timed(b)))
  else (without.push(await timed(b)), withIt.push(await timed(a)))
}
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1]
const m1 = median(withIt)
const m0 = median(without)
console.log(
  `group of ${GROUP} reports, median of ${ROUNDS}: ${m0.toFixed(2)} ms without the state-change statement, ` +
    `${m1.toFixed(2)} ms with it (+${(m1 - m0).toFixed(2)} ms, ${(((m1 - m0) / m0) * 100).toFixed(1)}%)`,
)
db.close()
rmSync(dir, { recursive: true, force: true })
