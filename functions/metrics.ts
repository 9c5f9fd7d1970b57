import { authenticateApiKey, bearerMatches } from '../lib/auth/api-key.js'
import { forbidden, notFound } from '../lib/core/errors.js'
import { refreshScrapeGauges } from '../lib/observability/scrape-gauges.js'
import type { Handler } from './types.js'

/**
 * Who may scrape: `server.metrics_token` when set (read-only, so Prometheus need not hold a key
 * that can also write reports), else the global API key. A customer's key sees only its own data
 * and these numbers cover the whole fleet: 403.
 */
export const requireMetricsAuth: Handler = async (req, env) => {
  if (await bearerMatches(env, req, env.config.server.metrics_token)) return undefined
  req.auth = await authenticateApiKey(env, req)
  if (req.auth.kind !== 'global')
    throw forbidden('only the metrics token or the global API key may read metrics')
  return undefined
}

/** Prometheus scrape. Where nothing collects metrics (workerd) there is none. */
export const getMetrics: Handler = async (_req, env) => {
  if (!env.metrics.render) throw notFound('route')
  await refreshScrapeGauges(env)
  const { contentType, body } = await env.metrics.render()
  return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } })
}
