import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { iso } from '../../lib/core/clock.js'
import { durationMs } from '../../lib/core/config.js'
import { badRequest, notFound } from '../../lib/core/errors.js'
import { json } from '../../lib/core/http.js'
import type { Env } from '../../lib/core/env.js'
import { summariesAfter } from '../../lib/customers/list.js'
import { customerSummaries, latestReport, statusOf } from '../../lib/reports/summaries.js'
import { getCustomer } from '../../lib/store/customers.js'
import { historySince, wirePoint } from '../../lib/reports/history.js'
import { CUSTOMER_ID, parseCustomerId } from '../../lib/core/validate.js'
import type { Handler } from '../types.js'
import { maintenanceUntil, untilFor } from '../../lib/oncall/maintenance.js'
import { customerUptime } from '../../lib/oncall/uptime.js'

/** Customers per page of the streamed list: memory stays flat however large the fleet. */
const STREAM_PAGE = 500
const MAX_LIMIT = 1000

/**
 * Every customer (a customer key: itself). Without `limit` the whole list, as old clients expect,
 * streamed: the JSON is written a page at a time from a paged query. With `limit` (1–1000) one
 * page in id order and `next_cursor` (null on the last page), to pass back as `cursor`.
 */
export const getCustomers: Handler = async (req, env) => {
  const auth = req.auth!
  const page = pageParams(req.query)
  if (auth.kind === 'customer') {
    const customers = await customerSummaries(env, auth.customerId)
    const shown =
      page && page.after !== undefined ? customers.filter((c) => c.customer_id > page.after!) : customers
    return json(page ? { customers: shown, next_cursor: null } : { customers })
  }
  if (!page) return streamedList(env)
  const customers = await summariesAfter(env, page.after, page.limit + 1)
  const more = customers.length > page.limit
  const shown = customers.slice(0, page.limit)
  return json({
    customers: shown,
    next_cursor: more ? encodeCursor(shown[shown.length - 1].customer_id) : null,
  })
}

function pageParams(query: Record<string, unknown>): { limit: number; after?: string } | null {
  const { limit, cursor } = query
  if (limit === undefined && cursor === undefined) return null
  const n = Number(limit ?? MAX_LIMIT)
  if (typeof (limit ?? '') !== 'string' || !Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw badRequest(`limit must be a whole number from 1 to ${MAX_LIMIT}`, [
      { path: 'limit', message: `expected 1–${MAX_LIMIT}` },
    ])
  if (cursor === undefined) return { limit: n }
  const after = typeof cursor === 'string' ? decodeCursor(cursor) : null
  if (after === null)
    throw badRequest('cursor is not one this hub handed out', [
      { path: 'cursor', message: 'expected a next_cursor' },
    ])
  return { limit: n, after }
}

/** An opaque cursor: the last id of the page (ids are ASCII), base64url. */
const encodeCursor = (customerId: string) =>
  btoa(customerId).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(cursor)) return null
  try {
    const id = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))
    return CUSTOMER_ID.test(id) ? id : null
  } catch {
    return null
  }
}

/**
 * `{"customers":[…]}` written a page at a time, each page read when the client takes the last.
 * The first page is read before the answer starts, so a database that fails is still a 500; one
 * that fails later aborts the body (the status is sent by then).
 */
async function streamedList(env: Env): Promise<Response> {
  const encoder = new TextEncoder()
  let page = await summariesAfter(env, undefined, STREAM_PAGE)
  let first = true
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!first) page = await summariesAfter(env, page[page.length - 1].customer_id, STREAM_PAGE)
      let text = first ? '{"customers":[' : ''
      page.forEach((c, i) => (text += (first && i === 0 ? '' : ',') + JSON.stringify(c)))
      first = false
      if (page.length < STREAM_PAGE) {
        controller.enqueue(encoder.encode(text + ']}'))
        controller.close()
        return
      }
      controller.enqueue(encoder.encode(text))
    },
  })
  return new Response(body, { headers: { 'Content-Type': 'application/json; charset=utf-8' } })
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
  // Within the raw week every sample; beyond it one point per hour (docs/api.md, "History").
  const history = await historySince(env.db, customer.ref, durationMs(period), env.clock.now().getTime())
  return json({
    customer_id: customerId,
    period,
    points: history.points.map((p) => ({ ...wirePoint(p), received_at: iso(p.received_at) })),
  })
}
