// A real Env for tests: a fresh libSQL file in a temp directory, migrated; a settable clock;
// a logger that keeps its lines; deferred work tracked so tests can wait for it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterEach } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { loadConfig, type HubConfig } from '../../lib/core/config.js'
import { createSecrets } from '../../lib/core/crypto.js'
import type { Env } from '../../lib/core/env.js'
import { memoryLogger } from '../../lib/core/log.js'
import { noopMetrics } from '../../lib/observability/metrics.js'
import { groupCommit } from '../../lib/store/group-commit.js'
import { migrate } from '../../lib/store/migrate.js'
import { storeReports } from '../../lib/store/reports.js'

export const GLOBAL_KEY = 'test-global-key-0123456789'
export const CRON_TOKEN = 'test-cron-token-0123456789'
export const SECRET_KEY = 'test-secret-key-0123456789-0123456789'

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] }

export interface TestEnv extends Env {
  clock: ReturnType<typeof fixedClock>
  log: ReturnType<typeof memoryLogger>
  dir: string
  dbPath: string
  /** Waits until all deferred work has settled. */
  settle(): Promise<void>
}

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

export function testConfig(overrides: DeepPartial<HubConfig> = {}, dataDir = '/tmp'): HubConfig {
  const base = loadConfig(undefined, {}).config
  base.server.data_dir = dataDir
  base.server.secret_key = SECRET_KEY
  base.server.cron_token = CRON_TOKEN
  base.api.report_api_key = GLOBAL_KEY
  base.controllers.allow_private_addresses = true
  // Nothing a test forgets to fake may leave the machine: outside systems default to a closed
  // port on loopback (tests that exercise them pass their fake's URL).
  base.registry.url = 'http://127.0.0.1:9'
  base.notifications.resend_base_url = 'http://127.0.0.1:9'
  for (const [section, values] of Object.entries(overrides)) {
    Object.assign((base as Record<string, object>)[section], values)
  }
  return base
}

export async function testEnv(
  opts: { clock?: ReturnType<typeof fixedClock>; config?: DeepPartial<HubConfig>; fetch?: typeof fetch } = {},
): Promise<TestEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-test-'))
  const dbPath = join(dir, 'hub.db')
  const db = createClient({ url: `file:${dbPath}`, intMode: 'number', timeout: 5_000 })
  await db.execute('PRAGMA auto_vacuum = INCREMENTAL')
  await db.execute('PRAGMA journal_mode=WAL')
  await migrate(db)
  const pending = new Set<Promise<unknown>>()
  const env: TestEnv = {
    config: testConfig(opts.config, dir),
    db,
    clock: opts.clock ?? fixedClock('2026-11-29T04:30:00Z'),
    secrets: await createSecrets(SECRET_KEY),
    log: memoryLogger(),
    fetch: opts.fetch ?? globalThis.fetch.bind(globalThis),
    metrics: noopMetrics,
    reports: groupCommit((rows) => storeReports(db, rows)),
    tokenDigests: new Map(),
    defer(task) {
      const t = task.finally(() => pending.delete(t))
      pending.add(t)
    },
    async settle() {
      while (pending.size) await Promise.allSettled([...pending])
    },
    dir,
    dbPath,
  }
  cleanups.push(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return env
}
