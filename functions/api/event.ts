import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { readJsonBody } from '../../lib/core/http.js'
import { recordControllerEvent } from '../../lib/events/record.js'
import { answerOnce, idempotencyKeyOf } from '../../lib/api/idempotency.js'
import { eventSchema } from '../../lib/api/schemas.js'
import { parseWith } from '../../lib/core/validate.js'
import { DR_REFRESHING_EVENTS, refreshDrReadinessLater } from '../../lib/dr/readiness.js'
import type { Handler } from '../types.js'

export const postEvent: Handler = async (req, env) => {
  const key = idempotencyKeyOf(req)
  const { value: body, bytes } = await readJsonBody(req, req.bodyLimit)
  const input = parseWith(eventSchema, body, 'event')
  authorizeCustomer(req.auth!, input.customer_id)
  const request = {
    key,
    customerId: input.customer_id,
    route: 'event' as const,
    body: bytes,
    requestId: req.requestId,
  }
  return answerOnce(env, request, async (remember) => {
    const along = remember({ status: 201, body: { ok: true } }, 'event_id')
    const event = await recordControllerEvent(env, input, body, along)
    if (DR_REFRESHING_EVENTS.has(input.event_type)) refreshDrReadinessLater(env, input.customer_id)
    return { status: 201, body: { ok: true, event_id: event.id } }
  })
}
