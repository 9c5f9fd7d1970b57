// npm run bench [-- --storage] [-- --fleet] [-- --all]: the built hub measured against the
// issue's targets, every figure next to its target in one table at the end.
//
//   (default)   ceiling, idle RSS, ingest with 50 connections and its peak RSS, bytes per report
//               (about 1 minute)
//   --storage   1,000 customers × 90 days written through the store with an injected clock,
//               downsampled and pruned night by night; hub.db, the compressed snapshot, and the
//               longest event-loop block while prune runs under requests (bench/storage.mjs)
//   --fleet     10,000 customers: fleet page, customers page and GET /api/v1/customers p50, and
//               the hub's RSS through it all (bench/fleet.mjs)
//   --all       all of the above
//   --skip-ingest  leave out the default part (with --storage or --fleet)
//
// Everything targets 127.0.0.1, runs for bounded time and stops by itself. BENCH_SECONDS sets the
// ingest load's length (10 s), BENCH_NODE_OPTIONS adds Node flags to the hub's own.
import { cpus } from 'node:os'
import { ceiling, ingest } from './ingest.mjs'
import { loadAverage, mib, productionStart } from './hub.mjs'

const args = new Set(process.argv.slice(2))
const all = args.has('--all')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const MiB = 1024 * 1024

const machine = `${cpus().length} × ${cpus()[0].model.trim()}, Node ${process.version}`
const prod = productionStart()
const started = [...Object.entries(prod.env).map(([k, v]) => `${k}=${v}`), 'node', ...prod.flags].join(' ')
console.log(`felhom-hub bench on ${machine}; the hub runs as: ${started}`)
console.log(`load average at start: ${loadAverage()}\n`)

/** Rows of the final table: what, measured, target, met. */
const table = []
const row = (what, measured, target, met) => table.push({ what, measured, target, met })

if (args.has('--skip-ingest')) row('quick mode (ceiling, idle, ingest)', 'skipped (--skip-ingest)', '', '')
else await quick()

async function quick() {
  const hello = await ceiling(Math.min(SECONDS, 5))
  console.log(`ceiling (whatwg-node + itty hello): ${Math.round(hello.rps)} req/s, p99 ${hello.p99} ms`)
  const h = await ingest({ seconds: SECONDS, idleSeconds: 45 })
  console.log(
    `idle RSS: ${mib(h.idleRss)} MiB 15 s after start, ${mib(h.idleSettled)} MiB settled (lowest of the next 30 s)\n` +
      `ingest: ${Math.round(h.rps)} reports/s, p50 ${h.p50} ms, p99 ${h.p99} ms, ${h.non2xx} non-2xx, ${h.errors} errors\n` +
      `peak RSS under load: ${mib(h.peakRss)} MiB (VmHWM ${mib(h.hwm)} MiB, start included)\n` +
      `stored: ${h.count} reports, ${Math.round(h.reportBytes)} bytes per report (compressed, with its index)`,
  )
  const share = h.rps / hello.rps
  row(
    'ceiling: bare @whatwg-node/server hello',
    `${Math.round(hello.rps)} req/s, p99 ${hello.p99} ms`,
    '—',
    '',
  )
  row('idle RSS 15 s after start', `${mib(h.idleRss)} MiB`, '≤ 72 MiB', h.idleRss <= 72 * MiB)
  row(
    'idle RSS settled (lowest of the next 30 s)',
    `${mib(h.idleSettled)} MiB`,
    '≤ 72 MiB',
    h.idleSettled <= 72 * MiB,
  )
  row('ingest, 50 connections', `${Math.round(h.rps)} reports/s`, '≥ 3,000/s', h.rps >= 3000)
  row('ingest p99', `${h.p99} ms`, '≤ 50 ms', h.p99 <= 50)
  row('ingest share of the ceiling', `${(share * 100).toFixed(1)}%`, '≥ 8%', share >= 0.08)
  row('peak RSS under the ingest load', `${mib(h.peakRss)} MiB`, '≤ 128 MiB', h.peakRss <= 128 * MiB)
  row('full report stored', `${Math.round(h.reportBytes)} bytes/report`, '—', '')
}

if (all || args.has('--storage')) {
  const { storage } = await import('./storage.mjs')
  const s = await storage(row)
  void s
} else row('storage at 1,000 × 90 days', 'not run (--storage)', '', '')

if (all || args.has('--fleet')) {
  const { fleet } = await import('./fleet.mjs')
  await fleet(row)
} else row('fleet at 10,000 customers', 'not run (--fleet)', '', '')

console.log(`\nload average at the end: ${loadAverage()}\n`)
const width = (k) => Math.max(...table.map((r) => String(r[k]).length), k.length)
const cols = ['what', 'measured', 'target', 'met']
const fmt = (r) =>
  `| ${cols
    .map((k) => {
      const v = k === 'met' ? (r.met === true ? 'yes' : r.met === false ? 'NO' : r.met) : r[k]
      return String(v).padEnd(width(k))
    })
    .join(' | ')} |`
console.log(fmt({ what: 'what', measured: 'measured', target: 'target', met: 'met' }))
console.log(`|${cols.map((k) => '-'.repeat(width(k) + 2)).join('|')}|`)
for (const r of table) console.log(fmt(r))
