// Node-only: builds the Env from hub.yaml, HUB_* variables and the data directory. Shared by the
// server and the CLIs so they see the same configuration and database.
import { lookup } from 'node:dns/promises'
import { existsSync, readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { deflateRaw } from 'node:zlib'
import { systemClock } from '../core/clock.js'
import { ConfigError, loadConfig, type HubConfig } from '../core/config.js'
import { createSecrets } from '../core/crypto.js'
import type { Env } from '../core/env.js'
import { jsonLogger, type Logger } from '../core/log.js'
import { noopMetrics, type Metrics } from '../observability/metrics.js'
import { groupCommit } from '../store/group-commit.js'
import { storeReports } from '../store/reports.js'
import { openDatabase } from './db.js'
import { publicOnlyFetch } from './public-only-fetch.js'
import { resolveSecretKey } from './secret-key.js'
import { nightlySnapshot } from './snapshot.js'
import { volumeReader } from './volume.js'

const deflateRawAsync = promisify(deflateRaw)
const deflateOffLoop = async (data: Uint8Array, dictionary?: Uint8Array) =>
  new Uint8Array(await deflateRawAsync(data, dictionary ? { dictionary } : {}))

export function readConfig(vars: NodeJS.ProcessEnv = process.env): {
  config: HubConfig
  warnings: string[]
  source: string
} {
  const explicit = vars.HUB_CONFIG
  const path = explicit || (existsSync('hub.yaml') ? 'hub.yaml' : undefined)
  if (explicit && !existsSync(explicit))
    throw new ConfigError(`HUB_CONFIG names ${explicit}, which does not exist`)
  const text = path ? readFileSync(path, 'utf8') : undefined
  const { config, warnings } = loadConfig(text, vars, path ?? 'built-in defaults')
  return { config, warnings, source: path ?? 'built-in defaults' }
}

export function nodeLogger(): Logger {
  // A closed stdout (a log shipper gone, a pipe cut) must not take the hub down with EPIPE.
  if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', () => {})
  const level = (process.env.LOG_LEVEL ?? 'info') as 'debug' | 'info' | 'warn' | 'error'
  return jsonLogger((line) => process.stdout.write(line + '\n'), level)
}

export interface NodeEnv extends Env {
  /** Waits for deferred work (notifications) to settle, up to `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>
}

export async function buildNodeEnv(
  opts: { log?: Logger; metrics?: Metrics; config?: HubConfig } = {},
): Promise<NodeEnv> {
  const log = opts.log ?? nodeLogger()
  let config = opts.config
  if (!config) {
    const loaded = readConfig()
    for (const w of loaded.warnings) log.warn(w)
    config = loaded.config
  }
  const db = await openDatabase(config)
  const secrets = await createSecrets(resolveSecretKey(config, log))
  const pending = new Set<Promise<unknown>>()
  const env: NodeEnv = {
    config,
    db,
    clock: systemClock,
    secrets,
    log,
    fetch: globalThis.fetch.bind(globalThis),
    metrics: opts.metrics ?? noopMetrics,
    reports: groupCommit((rows) => storeReports(db, rows)),
    tokenDigests: new Map(),
    diskUsageHours: new Map(),
    deflate: deflateOffLoop,
    controllerFetch: config.controllers.allow_private_addresses ? undefined : publicOnlyFetch(),
    resolveHost: async (hostname) => (await lookup(hostname, { all: true })).map((a) => a.address),
    snapshot: () => nightlySnapshot(env.config, env.db, env.clock.now()),
    volume: volumeReader(config),
    defer(task) {
      const tracked = task
        .catch((err) => log.error('deferred task failed', { error: (err as Error)?.message ?? String(err) }))
        .finally(() => pending.delete(tracked))
      pending.add(tracked)
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs
      while (pending.size > 0 && Date.now() < deadline) {
        await Promise.race([
          Promise.allSettled([...pending]),
          new Promise((r) => setTimeout(r, deadline - Date.now()).unref()),
        ])
      }
    },
  }
  return env
}
