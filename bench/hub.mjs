// What the bench modes share: starting the built hub as production starts it, reading its memory
// from /proc, and driving load with autocannon. Everything targets 127.0.0.1 and stops by itself.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))
export const KEY = 'bench-global-key'
export const CRON = 'bench-cron-token-0123456789'
export const METRICS = 'bench-metrics-token'
export const SECRET = 'bench-secret-key-0123456789-0123456789'
export const fixtureReport = () =>
  JSON.parse(readFileSync(join(ROOT, '../shared/fixtures/report.json'), 'utf8'))

export const mib = (b) => (b / 1024 / 1024).toFixed(1)
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * The environment and Node flags `npm start` runs the hub with (package.json's start script, which
 * the Dockerfile repeats: test/ship/dockerfile.test.ts), so the bench measures the hub as it runs
 * in production.
 */
export function productionStart() {
  const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start
  const words = start.split(/\s+/)
  const nodeAt = words.indexOf('node')
  return {
    env: Object.fromEntries(words.slice(0, nodeAt).map((kv) => kv.split('='))),
    flags: words.slice(nodeAt + 1, words.indexOf('dist/bin/server.js')),
  }
}

/** Starts `script` with `env`; resolves once it prints the port it listens on. */
export function start(script, env, nodeFlags = []) {
  const child = spawn(process.execPath, [...nodeFlags, script], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /listening (\d+)/.exec(out) ?? /"listen":"127\.0\.0\.1:(\d+)"/.exec(out)
      if (m) resolve({ child, port: Number(m[1]), output: () => out })
    })
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)))
  })
}

/** The built hub on 127.0.0.1 with a data directory of the caller's, started as production starts it. */
export function startHub(dir, vars = {}) {
  const prod = productionStart()
  const flags = [...prod.flags, ...(process.env.BENCH_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)]
  return start(
    join(ROOT, 'dist/bin/server.js'),
    {
      ...prod.env,
      HUB_SERVER_LISTEN: '127.0.0.1:0',
      HUB_SERVER_DATA_DIR: dir,
      HUB_SERVER_SECRET_KEY: SECRET,
      HUB_API_REPORT_API_KEY: KEY,
      HUB_SERVER_CRON_TOKEN: CRON,
      HUB_SERVER_METRICS_TOKEN: METRICS,
      // Nothing leaves the machine: outside systems are a closed port on loopback.
      HUB_REGISTRY_URL: 'http://127.0.0.1:9',
      HUB_NOTIFICATIONS_RESEND_BASE_URL: 'http://127.0.0.1:9',
      // The bench fires jobs itself (POST /internal/cron/…), so nothing runs unasked mid-measure.
      HUB_SERVER_SCHEDULER: 'external',
      ...vars,
    },
    flags,
  )
}

export const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })

/** VmRSS and VmHWM (the kernel's own peak) of a process, in bytes. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
}

/** Samples a process's VmRSS every 100 ms until the returned function is called: its highest value. */
export function watchPeak(pid) {
  let peak = 0
  const read = () => {
    try {
      peak = Math.max(peak, memoryOf(pid).rss)
    } catch {}
  }
  const timer = setInterval(read, 100)
  return () => {
    read()
    clearInterval(timer)
    return peak
  }
}

export const load = (opts) =>
  new Promise((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))))

/** POSTs the report of `bodies[i]` round robin for `seconds` over `connections` connections. */
export function reportLoad(port, bodies, { connections, seconds }) {
  let n = 0
  return load({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/report',
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: bodies[n++ % bodies.length] }),
      },
    ],
  })
}

export async function http(port, method, path, { token = KEY, body } = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, text }
}

/** Median and 99th percentile of a list of numbers. */
export function percentiles(values) {
  const s = [...values].sort((a, b) => a - b)
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))]
  return { p50: at(0.5), p99: at(0.99), max: s.at(-1) }
}

/** The load average, to say under which conditions a figure was taken. */
export const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
