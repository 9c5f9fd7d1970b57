import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { KiB, json, readJsonObject } from '../../lib/http.js'
import { relayLegacyNotification } from '../../lib/legacy-notify.js'
import { notifySchema } from '../../lib/schemas.js'
import { parseWith } from '../../lib/validate.js'
import type { Handler } from '../types.js'

/** Legacy relay: older controllers send a ready-made message for the operator. */
export const postNotify: Handler = async (req, env) => {
  const body = await readJsonObject(req, 64 * KiB)
  const n = parseWith(notifySchema, body, 'notification')
  authorizeCustomer(req.auth!, n.customer_id)
  await relayLegacyNotification(env, {
    customerId: n.customer_id,
    subject: n.subject,
    message: n.message,
    severity: n.severity,
  })
  return json({ ok: true }, { status: 202 })
}
