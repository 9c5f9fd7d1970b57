// npx tsx bench/fleet-ops.ts: how long fleet operations take on a fleet of BENCH_NODES (1,000) fake
// controllers on 127.0.0.1 (one HTTP server, test/support/fake-fleet.ts, each answer delayed
// BENCH_DELAY_MS, 20 ms), against a fresh libSQL file:
//   1. drift-check with every node answering (configs matching), then with BENCH_HANG_PERCENT (5) %
//      never answering;
//   2. one rollouts run asking a 100% wave (how many nodes one run asks, and in how long);
//   3. the report hook's lookup of queued actions when none are pending (µs per report).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { router } from '../functions/routes.js'
import { fixedClock } from '../lib/core/clock.js'
import { loadConfig } from '../lib/core/config.js'
import { createSecrets } from '../lib/core/crypto.js'
import type { Env } from '../lib/core/env.js'
import { jsonLogger } from '../lib/core/log.js'
import { currentTemplate, customerValues, mergeYaml } from '../lib/controller-config/generate.js'
import { createManagedCustomer } from '../lib/customers/admin.js'
import { noopMetrics } from '../lib/observability/metrics.js'
import { neverInMaintenance } from '../lib/rollouts/maintenance.js'
import { previewRollout, startRollout } from '../lib/rollouts/operator.js'
import { groupCommit } from '../lib/store/group-commit.js'
import { setState } from '../lib/store/hub-state.js'
import { migrate } from '../lib/store/migrate.js'
import { pendingActionIds } from '../lib/store/queued-actions.js'
import { storeReports } from '../lib/store/reports.js'
import { getCustomer, readSecrets } from '../lib/store/customers.js'
import { checkDriftFleet } from '../scheduled/drift-check.js'
import { runRollouts } from '../scheduled/rollouts.js'
import { startFakeFleet } from '../test/support/fake-fleet.js'

const NODES = Number(process.env.BENCH_NODES ?? 1000)
const DELAY = Number(process.env.BENCH_DELAY_MS ?? 20)
const HANG = Number(process.env.BENCH_HANG_PERCENT ?? 5)
const KEY = 'bench-global-key-0123456789'

const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-bench-fleet-'))
const db = createClient({ url: `file:${join(dir, 'hub.db')}`, intMode: 'number', timeout: 5_000 })
await db.execute('PRAGMA journal_mode=WAL')
await migrate(db)
const config = loadConfig(undefined, {}).config
config.server.data_dir = dir
config.api.report_api_key = KEY
config.controllers.allow_private_addresses = true
const secret = 'bench-secret-key-0123456789-0123456789'
config.server.secret_key = secret
const clock = fixedClock(Date.now())
const pending = new Set<Promise<unknown>>()
const env: Env = {
  config,
  db,
  clock,
  secrets: await createSecrets(secret),
  log: jsonLogger(() => {}, 'error'),
  fetch: globalThis.fetch.bind(globalThis),
  metrics: noopMetrics,
  reports: groupCommit((rows) => storeReports(db, rows)),
  tokenDigests: new Map(),
  defer: (t) => {
    const p = t.finally(() => pending.delete(p))
    pending.add(p)
  },
}

const fleet = await startFakeFleet({
  answerDelayMs: DELAY,
  send: async (body) => {
    const res = await router.fetch(
      new Request('http://hub.bench/api/v1/report', {
        method: 'POST',
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
      env,
    )
    if (res.status !== 200) throw new Error(`report: ${res.status}`)
  },
})

const t0 = performance.now()
for (let i = 0; i < NODES; i++) {
  const id = `bench-${String(i).padStart(4, '0')}`
  const creds = await createManagedCustomer(env, { customerId: id, displayName: `Bench ${i}`, domain: '' })
  fleet.add({ customerId: id, apiKey: creds.api_key, version: '1.8.0' })
}
await fleet.reportAll()
await Promise.allSettled([...pending])
console.log(`seeded ${NODES} nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

const time = async <T>(what: string, f: () => Promise<T>) => {
  const start = performance.now()
  const result = await f()
  console.log(`${what}: ${((performance.now() - start) / 1000).toFixed(2)} s`, JSON.stringify(result))
  return result
}

// 1. Drift: every node runs what the hub generates (the usual morning), then some never answer.
const template = await currentTemplate(env)
for (const n of fleet.nodes()) {
  const c = (await getCustomer(db, n.customerId))!
  n.liveConfig = mergeYaml(
    template,
    customerValues(env, c, (await readSecrets(db, env.secrets, c.customerId))!),
  )
}
await time(`drift-check, ${NODES} nodes answering after ${DELAY} ms`, () => checkDriftFleet(env))
console.log(`  most calls in flight at once: ${fleet.maxInFlight}`)
const hanging = fleet.nodes().filter((_, i) => i % Math.round(100 / HANG) === 0)
for (const n of hanging) n.behaviour = 'hang'
await time(`drift-check, ${hanging.length} of them never answering (5 s deadline)`, () =>
  checkDriftFleet(env),
)
for (const n of hanging) n.behaviour = 'ok'

// 2. A rollout's big wave.
const now = env.clock.now().getTime()
const release = JSON.stringify({ tag: 'v1.9.0', version: '1.9.0', checked_at: new Date(now).toISOString() })
await setState(db, 'registry_latest_tag', release, now)
const settings = {
  version: '1.9.0',
  canary: 'bench-0000',
  percents: [100],
  deadlineMs: 30 * 60_000,
  soakMs: 0,
}
const preview = await previewRollout(env, settings, neverInMaintenance)
const started = await startRollout(env, settings, preview.fingerprint, neverInMaintenance)
if (!started.ok) throw new Error(started.error)
await runRollouts(env)
await fleet.comeBack()
clock.advance(60_000)
await time('rollouts run: canary passes, the 100% wave is asked', () => runRollouts(env))

// 3. The report hook's lookup with nothing pending.
const N = 5000
const start = performance.now()
for (let i = 0; i < N; i++) await pendingActionIds(db, `bench-${String(i % NODES).padStart(4, '0')}`)
console.log(
  `pending-actions lookup, none pending: ${(((performance.now() - start) / N) * 1000).toFixed(0)} µs each`,
)

await fleet.close()
db.close()
rmSync(dir, { recursive: true, force: true })
