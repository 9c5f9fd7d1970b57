// npm run bench:import-go: how long `npm run import-go` takes, and how much memory, on a Go hub
// database of a whole fleet: BENCH_CUSTOMERS (20) customers × 90 days of reports every 15 minutes,
// plus their events. Builds the Go file with the test fixture's schema, then runs the built CLI:
// dry run, apply, and a second apply.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'libsql'
import { GO_SCHEMA } from '../test/support/go-hub-db.js'
import { fixtureReport } from '../test/support/fixtures.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20)
const DAYS = 90
const now = Date.now()

function buildGoDb(path: string) {
  const db = new Database(path)
  for (const ddl of Object.values(GO_SCHEMA)) db.exec(ddl)
  const base = fixtureReport()
  db.exec('BEGIN')
  const customer = db.prepare(
    'INSERT INTO customer_configs (customer_id, display_name, api_key, retrieval_password) VALUES (?, ?, ?, ?)',
  )
  const report = db.prepare('INSERT INTO reports (customer_id, received_at, payload) VALUES (?, ?, ?)')
  const event = db.prepare(
    'INSERT INTO events (customer_id, event_type, severity, message, created_at) VALUES (?, ?, ?, ?, ?)',
  )
  for (let c = 0; c < CUSTOMERS; c++) {
    const id = `bench-${String(c).padStart(4, '0')}`
    customer.run(id, `Bench ${c}`, `go-bench-key-${c}-7Hq2Lx9Pz4Vb8Nc3Wd`, `bench-pw-${c}-Qm4Tz8Kw`)
    for (let at = now - DAYS * 86_400_000 + 60_000; at < now; at += 15 * 60_000) {
      const ts = new Date(at).toISOString()
      report.run(
        id,
        ts.replace('T', ' ').replace('Z', '+00:00'),
        JSON.stringify({ ...base, customer_id: id, timestamp: ts }),
      )
    }
    for (let d = 0; d < DAYS; d++)
      event.run(
        id,
        'backup_completed',
        'info',
        'nightly backup',
        new Date(now - d * 86_400_000).toISOString(),
      )
  }
  db.exec('COMMIT')
  db.close()
}

function run(args: string[], env: Record<string, string>) {
  return new Promise<{ ms: number; peak: number; stdout: string }>((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [join(ROOT, 'dist/bin/import-go.js'), ...args], {
      // Node flags for the CLI, e.g. a heap as small as the pod's: BENCH_NODE_OPTIONS=--max-old-space-size=96
      env: { PATH: process.env.PATH!, NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    let peak = 0
    child.stdout.on('data', (d) => (stdout += d))
    const timer = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]
        peak = Math.max(peak, Number(hwm ?? 0) * 1024)
      } catch {}
    }, 100)
    child.on('exit', (code) => {
      clearInterval(timer)
      if (code !== 0) reject(new Error(`import-go exited with ${code}:\n${stdout}`))
      else resolve({ ms: performance.now() - t0, peak, stdout })
    })
  })
}

const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-bench-import-'))
try {
  const goDb = join(dir, 'go-hub.db')
  let t = performance.now()
  buildGoDb(goDb)
  const mib = (b: number) => (b / 1024 / 1024).toFixed(1)
  console.log(
    `Go database: ${CUSTOMERS} customers × ${DAYS} days every 15 min = ${CUSTOMERS * DAYS * 96} reports, ` +
      `${mib(statSync(goDb).size)} MiB (built in ${((performance.now() - t) / 1000).toFixed(1)} s)`,
  )
  const env = {
    HUB_SERVER_DATA_DIR: join(dir, 'data'),
    HUB_SERVER_SECRET_KEY: 'bench-secret-key-0123456789-0123456789',
    HUB_CONFIG: '',
  }
  for (const [what, args] of [
    ['dry run', [goDb]],
    ['apply', [goDb, '--apply']],
    ['second apply', [goDb, '--apply']],
  ] as const) {
    const r = await run([...args], env)
    const last = r.stdout.trim().split('\n').pop()
    console.log(`${what.padEnd(13)} ${(r.ms / 1000).toFixed(1)} s, peak RSS ${mib(r.peak)} MiB — ${last}`)
  }
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0)
  const db = join(dir, 'data', 'hub.db')
  console.log(`hub.db after the import: ${mib(size(db))} MiB (+ WAL ${mib(size(db + '-wal'))} MiB)`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
