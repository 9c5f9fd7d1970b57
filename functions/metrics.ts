import { forbidden, notFound } from '../lib/errors.js'
import { refreshScrapeGauges } from '../lib/scrape-gauges.js'
import type { Handler } from './types.js'

/**
 * Prometheus scrape, behind the global API key (a customer's key sees only its own data, and
 * these numbers cover the whole fleet). Where nothing collects metrics (workerd) there is none.
 */
export const getMetrics: Handler = async (req, env) => {
  if (!env.metrics.render) throw notFound('route')
  if (req.auth?.kind !== 'global') throw forbidden('only the global API key may read metrics')
  await refreshScrapeGauges(env)
  const { contentType, body } = await env.metrics.render()
  return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } })
}
