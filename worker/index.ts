// The workerd entry: the same route table as the Node server, and the every-minute cron trigger
// driving `runTick`. Configuration comes from the Worker's HUB_* vars and secrets (there is no
// hub.yaml and no data directory), the database from a libSQL server over HTTP.
import { createClient } from '@libsql/client/web'
import { setPeer } from '../lib/auth/forwarded.js'
import { systemClock } from '../lib/core/clock.js'
import { ConfigError, loadConfig } from '../lib/core/config.js'
import { createSecrets } from '../lib/core/crypto.js'
import type { Env } from '../lib/core/env.js'
import { errorResponse, json } from '../lib/core/http.js'
import { unavailable } from '../lib/core/errors.js'
import { errorFields, jsonLogger, type Logger } from '../lib/core/log.js'
import { noopMetrics } from '../lib/observability/metrics.js'
import { commitEach } from '../lib/store/group-commit.js'
import { migrate } from '../lib/store/migrate.js'
import { storeReports } from '../lib/store/reports.js'
import { serve } from '../functions/routes.js'
import { runTick } from '../scheduled/tick.js'
import { trackBody } from './unread-body.js'

/** The Worker's bindings: HUB_* vars and secrets are strings; anything else is ignored. */
export type WorkerBindings = Record<string, unknown>

interface ScheduledEvent {
  cron: string
  scheduledTime: number
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
}

/** What an isolate keeps between requests: everything but the per-request parts. */
type BaseEnv = Omit<Env, 'defer' | 'db' | 'reports'>

// What an isolate keeps between requests: config parsing, key derivation and the migration check
// run once, not per request. Only the finished value is shared, never a promise or a client:
// workerd ties I/O to the request that started it, so a request awaiting another's pending
// database call (a shared client's, or a shared start-up) hangs until the runtime cancels it. Each
// request that finds no value yet builds one itself (migrate is safe to run concurrently); a
// failed start is not kept, so fixing a secret needs no redeploy.
let ready: BaseEnv | undefined

async function baseEnv(bindings: WorkerBindings): Promise<BaseEnv> {
  if (ready) return ready
  const built = await buildBaseEnv(bindings)
  ready ??= built
  return ready
}

function databaseClient(config: BaseEnv['config']) {
  return createClient({
    url: config.server.database_url,
    authToken: config.server.database_auth_token || undefined,
    intMode: 'number',
  })
}

async function buildBaseEnv(bindings: WorkerBindings): Promise<BaseEnv> {
  const vars: Record<string, string> = {}
  for (const [name, value] of Object.entries(bindings)) if (typeof value === 'string') vars[name] = value
  const level = (vars.LOG_LEVEL ?? 'info') as 'debug' | 'info' | 'warn' | 'error'
  const log: Logger = jsonLogger((line) => console.log(line), level)
  const { config, warnings } = loadConfig(undefined, vars, 'worker vars')
  for (const w of warnings) log.warn(w)
  if (!/^(libsql|https?):/.test(config.server.database_url)) {
    throw new ConfigError('HUB_SERVER_DATABASE_URL must name a libSQL server (libsql:// or https://)')
  }
  if (!config.server.secret_key) {
    throw new ConfigError('HUB_SERVER_SECRET_KEY is required in a Worker (there is no data_dir)')
  }
  const db = databaseClient(config)
  try {
    const applied = await migrate(db)
    if (applied.length > 0) log.info('migrations applied', { applied })
  } finally {
    db.close()
  }
  return {
    config,
    clock: systemClock,
    secrets: await createSecrets(config.server.secret_key),
    log,
    fetch: globalThis.fetch.bind(globalThis),
    metrics: noopMetrics,
    tokenDigests: new Map(),
  }
}

/** For failures before the Env (and its logger) exists. */
const startLog = jsonLogger((line) => console.log(line))

/** The request's own Env: the isolate's base, with a database client of its own. */
async function envFor(bindings: WorkerBindings, ctx: ExecutionContext): Promise<Env> {
  const base = await baseEnv(bindings)
  const log = base.log
  const db = databaseClient(base.config)
  return {
    ...base,
    db,
    // No grouping across requests: each report commits on its own (see lib/store/group-commit.ts).
    reports: commitEach((rows) => storeReports(db, rows)),
    defer(task) {
      ctx.waitUntil(task.catch((err) => log.error('deferred task failed', errorFields(err))))
    },
  }
}

export default {
  async fetch(request: Request, bindings: WorkerBindings, ctx: ExecutionContext): Promise<Response> {
    let env: Env
    try {
      env = await envFor(bindings, ctx)
    } catch (err) {
      // Logged without the config values: the message names the key, never a secret.
      startLog.error('worker failed to start', errorFields(err))
      const path = new URL(request.url).pathname
      if (path === '/healthz') return json({ status: 'unavailable' }, { status: 503 })
      return errorResponse(unavailable('the hub is not configured or its database is unreachable'))
    }
    const tracked = trackBody(request)
    // Cloudflare's edge sets CF-Connecting-IP to the address that connected to it, replacing any
    // value a client sent, so it stands where the Node entry has the socket's peer.
    setPeer(tracked.request, request.headers.get('cf-connecting-ip'))
    const response = await serve(tracked.request, env)
    await tracked.dropRest()
    return response
  },

  async scheduled(event: ScheduledEvent, bindings: WorkerBindings, ctx: ExecutionContext): Promise<void> {
    const env = await envFor(bindings, ctx)
    try {
      const summary = await runTick(env)
      env.log.info('tick', { cron: event.cron, summary })
    } catch (err) {
      env.log.error('tick failed', { cron: event.cron, ...errorFields(err) })
      throw err // marks the cron invocation failed in the Workers dashboard
    }
  },
}
