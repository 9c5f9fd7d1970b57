import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { readJsonBody } from '../../lib/core/http.js'
import { answerOnce, idempotencyKeyOf } from '../../lib/api/idempotency.js'
import { relayLegacyNotification } from '../../lib/notify/legacy.js'
import { notifySchema } from '../../lib/api/schemas.js'
import { parseWith } from '../../lib/core/validate.js'
import type { Handler } from '../types.js'

/** Legacy relay: older controllers send a ready-made message for the operator. */
export const postNotify: Handler = async (req, env) => {
  const key = idempotencyKeyOf(req)
  const { value: body, bytes } = await readJsonBody(req, req.bodyLimit)
  const n = parseWith(notifySchema, body, 'notification')
  authorizeCustomer(req.auth!, n.customer_id)
  const request = {
    key,
    customerId: n.customer_id,
    route: 'notify' as const,
    body: bytes,
    requestId: req.requestId,
  }
  return answerOnce(env, request, async (remember) => {
    const answer = { status: 202, body: { ok: true } }
    const along = remember(answer)
    await relayLegacyNotification(
      env,
      { customerId: n.customer_id, subject: n.subject, message: n.message, severity: n.severity },
      { along, requestId: req.requestId },
    )
    return answer
  })
}
