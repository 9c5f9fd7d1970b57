// POST /api/v1/maintenance (spec §9): a window for one customer, `ends_at` or `duration` (at most
// 7 days), `starts_at` (default now), `reason`. Checks beyond the schema say which field is wrong.
import { z } from 'zod'
import { DURATION, durationMs } from '../core/config.js'
import { badRequest } from '../core/errors.js'
import { customerIdSchema, parseWith } from '../core/validate.js'

export const MAX_WINDOW_MS = 7 * 86_400_000
/** A start this far in the past is a clock difference, not a rewrite of history. */
export const START_SKEW_MS = 5 * 60_000
/** How far ahead a window may be planned. */
export const MAX_LEAD_MS = 30 * 86_400_000
export const REASON_MAX = 500

const timestamp = z.iso.datetime({
  offset: true,
  message: 'expected an RFC 3339 timestamp, e.g. 2026-11-29T04:15:02Z',
})

export const maintenanceSchema = z.looseObject({
  customer_id: customerIdSchema,
  ends_at: timestamp.optional(),
  duration: z
    .string({ message: 'expected a duration like 30m, 2h or 1d' })
    .regex(DURATION, 'expected a duration like 30m, 2h or 1d')
    .optional(),
  starts_at: timestamp.optional(),
  reason: z
    .string({ message: 'expected string' })
    .max(REASON_MAX, `at most ${REASON_MAX} characters`)
    .optional(),
})

export interface WindowRequest {
  customerId: string
  startsAt: number
  endsAt: number
  reason: string
}

/** The window a request asks for, or 400 naming the field. */
export function parseWindowRequest(body: unknown, now: number): WindowRequest {
  const m = parseWith(maintenanceSchema, body, 'maintenance window')
  const fail = (path: string, message: string) => badRequest(`${path}: ${message}`, [{ path, message }])
  if ((m.ends_at === undefined) === (m.duration === undefined))
    throw fail('ends_at', 'give either ends_at or duration (not both)')
  const startsAt = m.starts_at === undefined ? now : Date.parse(m.starts_at)
  if (startsAt < now - START_SKEW_MS) throw fail('starts_at', 'must not be in the past')
  if (startsAt > now + MAX_LEAD_MS) throw fail('starts_at', 'at most 30 days ahead')
  let endsAt: number
  if (m.duration !== undefined) {
    const ms = durationMs(m.duration)
    if (ms <= 0 || ms > MAX_WINDOW_MS) throw fail('duration', 'must be more than 0 and at most 7d')
    endsAt = startsAt + ms
  } else {
    endsAt = Date.parse(m.ends_at!)
    if (endsAt <= startsAt || endsAt <= now)
      throw fail('ends_at', 'must be after starts_at and in the future')
    if (endsAt - startsAt > MAX_WINDOW_MS) throw fail('ends_at', 'a window lasts at most 7d')
  }
  return { customerId: m.customer_id, startsAt, endsAt, reason: (m.reason ?? '').trim() }
}
