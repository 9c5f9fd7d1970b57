// The Node entry: serves the route table on node:http through @whatwg-node/server.
import { createServer, type IncomingMessage } from 'node:http'
import { createServerAdapter } from '@whatwg-node/server'
import { ConfigError, parseListen } from '../lib/core/config.js'
import { buildNodeEnv, nodeLogger } from '../lib/node/bootstrap.js'
import { closeDatabase, databaseUrl } from '../lib/node/db.js'
import { prometheusMetrics } from '../lib/node/metrics.js'
import { bodyRefusal, serve } from '../functions/routes.js'
import { setPeer } from '../lib/auth/forwarded.js'
import { markHubStarted } from '../lib/store/hub-state.js'
import {
  answerClientError,
  closeIfBodyUnread,
  continueUnlessRefused,
  nodeHeaders,
} from '../lib/node/http-edges.js'
import { tickIntervalMs } from '../lib/jobs/schedule.js'
import { HUB_VERSION } from '../lib/core/version.js'
import { startScheduler, type Scheduler } from '../scheduled/in-process.js'

const SHUTDOWN_GRACE_MS = 25_000

async function main() {
  const log = nodeLogger()
  let env
  try {
    env = await buildNodeEnv({ log, metrics: prometheusMetrics({ log }) })
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`felhom-hub: ${err.message}\n`)
      process.exit(2)
    }
    throw err
  }
  const { config } = env
  await markHubStarted(env.db, env.clock.now().getTime())
  if (!config.api.report_api_key)
    log.warn('api.report_api_key is empty: only per-customer keys can use the API')
  if (!config.server.cron_token) log.warn('server.cron_token is empty: /internal/cron/* refuses every call')
  if (!config.auth.password_hash)
    log.warn('auth.password_hash is empty: the dashboard is open to anyone who can reach it')

  let inFlight = 0
  let stopping = false
  const adapter = createServerAdapter<{ req: IncomingMessage }>(async (request, ctx) => {
    inFlight++
    try {
      setPeer(request, ctx.req.socket.remoteAddress)
      const line = {
        target: ctx.req.url ?? '',
        httpVersion: ctx.req.httpVersion,
        hostLines: hostLines(ctx.req.rawHeaders),
      }
      const res = closeIfBodyUnread(ctx.req, await serve(request, env, line))
      // Shutting down: the connection ends with this answer, and the answer says so.
      if (stopping) res.headers.set('Connection', 'close')
      return res
    } finally {
      inFlight--
    }
  })
  // A missing Host is refused by serve(), in the error shape; node's own refusal has no body.
  const server = createServer({ requireHostHeader: false }, adapter)
  continueUnlessRefused(server, (req) => bodyRefusal(pathOf(req), nodeHeaders(req)) !== null)
  server.on('clientError', answerClientError)
  const { host, port } = parseListen(config.server.listen)
  // The in-process scheduler runs tick itself; `external` leaves it to the CronJobs (k8s/).
  const tickMs = tickIntervalMs(config)
  let scheduler: Scheduler | null = null
  if (config.server.scheduler === 'in-process') scheduler = startScheduler(env, { intervalMs: tickMs })
  server.listen(port, host, () => {
    const addr = server.address()
    const bound = typeof addr === 'object' && addr ? `${addr.address}:${addr.port}` : String(addr)
    log.info('felhom-hub listening', {
      listen: bound,
      version: HUB_VERSION,
      database: redactUrl(databaseUrl(config)),
      scheduler: config.server.scheduler,
      ...(scheduler ? { tick_interval_s: tickMs / 1000 } : {}),
    })
  })

  // SIGTERM: stop accepting, let in-flight requests and deferred work finish, close the DB, exit 0.
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    // Listener first, then the line: once "shutting down" is out, new connections are refused.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    log.info('shutting down', { signal, in_flight: inFlight })
    server.closeIdleConnections()
    const deadline = Date.now() + SHUTDOWN_GRACE_MS
    while (inFlight > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20))
      server.closeIdleConnections()
    }
    // A tick in progress finishes (its jobs are bounded) before the database closes; the jobs it
    // deferred (emails) are drained next.
    if (scheduler) {
      const done = await Promise.race([
        scheduler.stop().then(() => true),
        new Promise<false>((r) => setTimeout(() => r(false), Math.max(0, deadline - Date.now())).unref()),
      ])
      log.info(done ? 'scheduler stopped' : 'scheduler still running at the deadline; closing anyway')
    }
    await env.drain(Math.max(0, deadline - Date.now()))
    server.closeAllConnections()
    await closed
    const checkpointed = await closeDatabase(config, env.db).catch((err) => {
      log.error('closing the database failed', { error: (err as Error).message })
      return false
    })
    if (!checkpointed) log.warn('the WAL was not checkpointed: keep hub.db-wal with hub.db')
    log.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

/** The path of a request's target, normalized as the router's URL will have it. */
function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://hub').pathname
  } catch {
    return '/'
  }
}

/** How many Host lines a request carried: node:http keeps the first in req.headers, drops the rest. */
function hostLines(raw: string[]): number {
  let n = 0
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === 'host') n++
  return n
}

/** The database URL without credentials, for the start-up log line. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@').replace(/([?&]authToken=)[^&]*/i, '$1***')
}

main().catch((err) => {
  process.stderr.write(`felhom-hub: failed to start: ${(err as Error).stack ?? err}\n`)
  process.exit(1)
})
