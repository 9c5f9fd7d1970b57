// npm run bench: report ingest throughput, latency, memory and storage cost of the built hub.
// Everything targets 127.0.0.1, runs for a fixed time and stops by itself.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { createClient } from '@libsql/client'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = 50
const CUSTOMERS = 1000
const KEY = 'bench-global-key'
const report = JSON.parse(readFileSync(join(ROOT, '../shared/fixtures/report.json'), 'utf8'))

function start(script, env) {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /listening (\d+)/.exec(out) ?? /"listen":"127\.0\.0\.1:(\d+)"/.exec(out)
      if (m) resolve({ child, port: Number(m[1]) })
    })
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)))
  })
}

/** Samples the child's resident set every 100 ms; VmHWM is the kernel's own peak. */
function watchMemory(pid) {
  let peak = 0
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024
      peak = Math.max(peak, hwm)
    } catch {}
  }
  const timer = setInterval(read, 100)
  return () => {
    read()
    clearInterval(timer)
    return peak
  }
}

const run = (opts) =>
  new Promise((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))))
const stop = (child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))
const mib = (b) => (b / 1024 / 1024).toFixed(1)

async function ceiling() {
  const { child, port } = await start(join(ROOT, 'bench/hello.mjs'), {})
  const res = await run({
    url: `http://127.0.0.1:${port}/hello`,
    connections: CONNECTIONS,
    duration: Math.min(SECONDS, 5),
  })
  await stop(child)
  return res
}

async function hub() {
  const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-bench-'))
  const { child, port } = await start(join(ROOT, 'dist/bin/server.js'), {
    HUB_SERVER_LISTEN: '127.0.0.1:0',
    HUB_SERVER_DATA_DIR: dir,
    HUB_SERVER_SECRET_KEY: 'bench-secret-key-0123456789-0123456789',
    HUB_API_REPORT_API_KEY: KEY,
    // Ingest alone is measured: no scheduled job runs inside the hub during the load.
    HUB_SERVER_SCHEDULER: 'external',
    // Node flags for the hub alone, to try memory settings: BENCH_NODE_OPTIONS=--max-semi-space-size=4
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '',
  })
  const peak = watchMemory(child.pid)
  let n = 0
  const bodies = Array.from({ length: CUSTOMERS }, (_, i) =>
    JSON.stringify({ ...report, customer_id: `bench-customer-${i}` }),
  )
  const res = await run({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/report',
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodies[n++ % CUSTOMERS] }),
      },
    ],
  })
  const peakRss = peak()
  await stop(child)
  const db = createClient({ url: `file:${join(dir, 'hub.db')}` })
  const count = Number((await db.execute('SELECT count(*) AS n FROM reports')).rows[0].n)
  const sizes = Object.fromEntries(
    (await db.execute('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name')).rows.map((r) => [
      r.name,
      Number(r.bytes),
    ]),
  )
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return { res, peakRss, count, sizes }
}

/**
 * The samples table as it grows in production: CUSTOMERS nodes, one row each per 15 minutes,
 * inserted time-major (all customers' reports of one slot, then the next), measured with dbstat.
 */
async function sampleRows(days) {
  const { migrate } = await import(join(ROOT, 'dist/lib/store/migrate.js'))
  const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-bench-samples-'))
  const db = createClient({ url: `file:${join(dir, 'hub.db')}`, intMode: 'number' })
  await db.execute('PRAGMA journal_mode=WAL')
  await migrate(db)
  const start = Math.floor(Date.parse('2026-09-01T00:00:00Z') / 1000)
  const slots = days * 96
  for (let s = 0; s < slots; s++) {
    const stmts = []
    for (let c = 1; c <= CUSTOMERS; c++) {
      stmts.push({
        sql: 'INSERT INTO samples (customer_ref, ts, health, cpu, load1, mem, disk, temp, running, total) VALUES (?,?,?,?,?,?,?,?,?,?)',
        args: [
          c,
          start + s * 900 + (c % 60),
          c % 7 === 0 ? 1 : 0,
          780 + (s % 500),
          42 + (s % 100),
          4147,
          8300,
          470,
          14,
          14,
        ],
      })
    }
    await db.batch(stmts, 'write')
  }
  const rows = Number((await db.execute('SELECT count(*) AS n FROM samples')).rows[0].n)
  const bytes = Number(
    (await db.execute("SELECT sum(pgsize) AS b FROM dbstat WHERE name = 'samples'")).rows[0].b,
  )
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return { rows, bytes }
}

const machine = `${cpus().length} × ${cpus()[0].model.trim()}, Node ${process.version}`
console.log(
  `felhom-hub bench on ${machine}: ${CONNECTIONS} connections, ${SECONDS} s, ${CUSTOMERS} customers\n`,
)

const hello = await ceiling()
console.log(
  `ceiling (whatwg-node + itty hello): ${Math.round(hello.requests.average)} req/s, p50 ${hello.latency.p50} ms, p99 ${hello.latency.p99} ms`,
)

const h = await hub()
const reportBytes = (h.sizes.reports ?? 0) + (h.sizes.reports_received_at ?? 0)
console.log(
  [
    `report ingest: ${Math.round(h.res.requests.average)} reports/s, p50 ${h.res.latency.p50} ms, p99 ${h.res.latency.p99} ms,` +
      ` ${h.res.non2xx} non-2xx, ${h.res.errors} errors, ${h.res.timeouts} timeouts`,
    `peak RSS of the hub: ${mib(h.peakRss)} MiB`,
    `stored: ${h.count} reports; full report JSON ${Math.round(reportBytes / h.count)} bytes per report (compressed, with its index)`,
  ].join('\n'),
)

const days = Number(process.env.BENCH_METRICS_DAYS ?? 3)
const m = await sampleRows(days)
const perRow = m.bytes / m.rows
const projected = perRow * CUSTOMERS * 90 * 96
console.log(
  `samples: ${m.rows} rows (${CUSTOMERS} customers × ${days} days × 96), ${perRow.toFixed(1)} bytes per row with its index;` +
    ` 90 days for ${CUSTOMERS} customers ≈ ${mib(projected)} MiB`,
)
