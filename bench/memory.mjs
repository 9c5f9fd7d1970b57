// node bench/memory.mjs (after npm run build): the built hub's resident memory, the figures the
// k8s requests and limits are set from. It starts dist/bin/server.js on 127.0.0.1 with a fresh data
// directory, reads VmRSS while idle, drives the same report load as bench/run.mjs (1,000 customers,
// 50 connections, BENCH_SECONDS), then reads VmRSS again while it idles, and VmHWM (the kernel's
// own peak) at the end. Everything targets 127.0.0.1, runs for a fixed time and stops by itself.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const IDLE = Number(process.env.BENCH_IDLE_SECONDS ?? 70)
const KEY = 'bench-global-key'
const METRICS = 'bench-metrics-token'
const CUSTOMERS = 1000
const report = JSON.parse(readFileSync(join(ROOT, '../shared/fixtures/report.json'), 'utf8'))
const mib = (b) => (b / 1024 / 1024).toFixed(1)

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
}

const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-memory-'))
const child = spawn(process.execPath, [join(ROOT, 'dist/bin/server.js')], {
  env: {
    PATH: process.env.PATH,
    HUB_SERVER_LISTEN: '127.0.0.1:0',
    HUB_SERVER_DATA_DIR: dir,
    HUB_SERVER_SECRET_KEY: 'bench-secret-key-0123456789-0123456789',
    HUB_API_REPORT_API_KEY: KEY,
    HUB_SERVER_METRICS_TOKEN: METRICS,
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
})
const port = await new Promise((resolve, reject) => {
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
    const m = /"listen":"127\.0\.0\.1:(\d+)"/.exec(out)
    if (m) resolve(Number(m[1]))
  })
  child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)))
})
const base = `http://127.0.0.1:${port}`
const scrape = () =>
  fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS}` } }).then((r) => r.text())

/** VmRSS every 10 s for `seconds`, with a scrape each time (as Prometheus would); the last and the highest. */
async function idle(label, seconds) {
  const samples = []
  for (let t = 0; t < seconds; t += 10) {
    await sleep(10_000)
    await scrape()
    samples.push(memory(child.pid).rss)
  }
  console.log(`${label}: VmRSS ${samples.map(mib).join(', ')} MiB (every 10 s)`)
}

await idle('idle after start', IDLE)
let n = 0
const bodies = Array.from({ length: CUSTOMERS }, (_, i) =>
  JSON.stringify({ ...report, customer_id: `mem-${i}` }),
)
const res = await new Promise((resolve, reject) =>
  autocannon(
    {
      url: base,
      connections: 50,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/report',
          headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: bodies[n++ % CUSTOMERS] }),
        },
      ],
    },
    (err, r) => (err ? reject(err) : resolve(r)),
  ),
)
console.log(
  `load: ${res.requests.total} reports in ${SECONDS} s, ${res.non2xx} non-2xx, ${res.errors} errors`,
)
console.log(`right after load: VmRSS ${mib(memory(child.pid).rss)} MiB`)
await idle('idle after load', IDLE)
console.log(`peak (VmHWM): ${mib(memory(child.pid).hwm)} MiB`)
await new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))
rmSync(dir, { recursive: true, force: true })
