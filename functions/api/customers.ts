import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { iso } from '../../lib/core/clock.js'
import { durationMs } from '../../lib/core/config.js'
import { badRequest, notFound } from '../../lib/core/errors.js'
import { json } from '../../lib/core/http.js'
import { customerSummaries, latestReport, statusOf } from '../../lib/reports/summaries.js'
import { getCustomer } from '../../lib/store/customers.js'
import { samplesSince } from '../../lib/store/reports.js'
import { parseCustomerId } from '../../lib/core/validate.js'
import type { Handler } from '../types.js'
import { maintenanceUntil, untilFor } from '../../lib/oncall/maintenance.js'
import { customerUptime } from '../../lib/oncall/uptime.js'

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
  const [maintenance, uptime] = await Promise.all([
    maintenanceUntil(env, customerId),
    customerUptime(env, customerId),
  ])
  const until = untilFor(maintenance, customerId)
  return json({
    customer_id: customerId,
    status: statusOf(env, customer),
    received_at: iso(latest.receivedAt),
    maintenance_until: until === null ? null : iso(until),
    uptime,
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
  const since = env.clock.now().getTime() - durationMs(period)
  const points = await samplesSince(env.db, customer.ref, since)
  return json({
    customer_id: customerId,
    period,
    points: points.map((p) => ({ ...p, received_at: iso(p.received_at) })),
  })
}
