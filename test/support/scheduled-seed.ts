// Rows for the scheduled-job tests, made the way production makes them: reports and events
// through the API, at the test clock's current time.
import { expect } from 'vitest'
import type { TestEnv } from './env.js'
import { reportFor } from './fixtures.js'
import { call } from './http.js'

/** POSTs the fixture report for `customerId` at the clock's current time. */
export async function sendReport(
  env: TestEnv,
  customerId: string,
  patch: Record<string, any> = {},
): Promise<void> {
  const res = await call(env, 'POST', '/api/v1/report', { body: reportFor(customerId, patch) })
  expect(res.status).toBe(200)
}

export async function sendEvent(
  env: TestEnv,
  customerId: string,
  eventType: string,
  severity = 'info',
): Promise<void> {
  const res = await call(env, 'POST', '/api/v1/event', {
    body: { customer_id: customerId, event_type: eventType, severity, message: `${eventType} from the test` },
  })
  expect(res.status).toBe(201)
}

export interface EventRow {
  customer_id: string
  event_type: string
  severity: string
  source: string
  dedupe_key: string | null
  received_at: number
}

export async function hubEvents(env: TestEnv, eventType?: string): Promise<EventRow[]> {
  const rs = await env.db.execute({
    sql: `SELECT customer_id, event_type, severity, source, dedupe_key, received_at FROM events
          WHERE source = 'hub' ${eventType ? 'AND event_type = ?' : ''} ORDER BY id`,
    args: eventType ? [eventType] : [],
  })
  return rs.rows.map((r) => ({ ...r }) as unknown as EventRow)
}

export async function alertStateOf(env: TestEnv, customerId: string): Promise<string | null> {
  const rs = await env.db.execute({
    sql: 'SELECT state FROM alert_state WHERE customer_id = ?',
    args: [customerId],
  })
  return rs.rows[0] ? String(rs.rows[0].state) : null
}

export const MIN = 60_000
