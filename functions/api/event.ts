import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { KiB, json, readJsonObject } from '../../lib/http.js'
import { recordControllerEvent } from '../../lib/events.js'
import { eventSchema } from '../../lib/schemas.js'
import { parseWith } from '../../lib/validate.js'
import type { Handler } from '../types.js'

export const postEvent: Handler = async (req, env) => {
  const body = await readJsonObject(req, 64 * KiB)
  const input = parseWith(eventSchema, body, 'event')
  authorizeCustomer(req.auth!, input.customer_id)
  const event = await recordControllerEvent(env, input, body)
  return json({ ok: true, event_id: event.id }, { status: 201 })
}
