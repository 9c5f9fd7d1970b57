import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { iso } from '../../lib/core/clock.js'
import { durationMs } from '../../lib/core/config.js'
import { badRequest, notFound } from '../../lib/core/errors.js'
import { json } from '../../lib/core/http.js'
import { customerSummaries, latestReport, statusOf } from '../../lib/reports/summaries.js'
import { getCustomer } from '../../lib/store/customers.js'
import { historySince, wirePoint } from '../../lib/reports/history.js'
import { parseCustomerId } from '../../lib/core/validate.js'
import type { Handler } from '../types.js'

export const getCustomers: Handler = async (req, env) => {
  const auth = req.auth!
  const customers = await customerSummaries(env, auth.kind === 'customer' ? auth.customerId : undefined)
  return json({ customers })
}

export const getCustomerById: Handler = async (req, env) => {
  const customerId = parseCustomerId(req.params.id)
  authorizeCustomer(req.auth!, customerId)
  const customer = await getCustomer(env.db, customerId)
  const latest = customer && (await latestReport(env, customer))
  if (!customer || !latest) throw notFound('report for this customer')
  return json({
    customer_id: customerId,
    status: statusOf(env, customer),
    received_at: iso(latest.receivedAt),
    report: latest.report,
    // A stored report that cannot be read back is answered as unavailable, never as a 500.
    ...(latest.problem ? { report_unavailable: `the latest report cannot be read: ${latest.problem}` } : {}),
  })
}

export const getCustomerHistory: Handler = async (req, env) => {
  const customerId = parseCustomerId(req.params.id)
  authorizeCustomer(req.auth!, customerId)
  const period = typeof req.query.period === 'string' ? req.query.period : '7d'
  const maxDays = env.config.retention.max_days
  if (!/^\d+[hd]$/.test(period) || durationMs(period) > maxDays * 86_400_000) {
    throw badRequest(`period must match ^\\d+[hd]$ and be at most the retention (${maxDays}d)`, [
      { path: 'period', message: `expected e.g. 24h or 7d, at most ${maxDays}d` },
    ])
  }
  const customer = await getCustomer(env.db, customerId)
  if (!customer) throw notFound('customer')
  // Within the raw week every sample; beyond it one point per hour (docs/api.md, "History").
  const history = await historySince(env.db, customer.ref, durationMs(period), env.clock.now().getTime())
  return json({
    customer_id: customerId,
    period,
    points: history.points.map((p) => ({ ...wirePoint(p), received_at: iso(p.received_at) })),
  })
}
