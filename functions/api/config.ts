import { sha256Hex, timingSafeEqual } from '../../lib/core/crypto.js'
import { forbidden, rateLimited, unauthorized } from '../../lib/core/errors.js'
import { generateControllerYaml } from '../../lib/controller-config/generate.js'
import { getCustomer, readSecrets, retrievalDigest } from '../../lib/store/customers.js'
import { retrievalThrottleKey } from '../../lib/store/throttle.js'
import { admitAttempt, attemptSucceeded, type ThrottlePolicy } from '../../lib/auth/throttle.js'
import { parseCustomerId } from '../../lib/core/validate.js'
import type { Handler } from '../types.js'

export const RETRIEVAL_THROTTLE: ThrottlePolicy = {
  maxFailures: 10,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  onSuccess: 'refund',
}

/**
 * A controller fetches its generated controller.yaml with its retrieval password. A wrong password
 * and an unknown customer are both 401; attempts per customer id are throttled (429) in the DB.
 */
export const getControllerConfig: Handler = async (req, env) => {
  const customerId = parseCustomerId(req.params.id)
  // Counted before the comparison, so concurrent guesses cannot all slip in under the limit.
  const throttleKey = retrievalThrottleKey(customerId)
  const admission = await admitAttempt(env, throttleKey, RETRIEVAL_THROTTLE)
  if (!admission.admitted) {
    throw rateLimited(admission.retryAfterSeconds, 'too many failed retrieval attempts; try again later')
  }

  const presented = req.headers.get('x-retrieval-password') ?? ''
  const digest = await sha256Hex(presented)
  const stored = await retrievalDigest(env.db, customerId)
  if (!presented || !stored?.digest || !timingSafeEqual(digest, stored.digest)) {
    env.log.warn('config retrieval refused', { request_id: req.requestId, customer_id: customerId })
    throw unauthorized('wrong retrieval password or unknown customer')
  }
  await attemptSucceeded(env, throttleKey, RETRIEVAL_THROTTLE)
  if (stored.blocked) throw forbidden('this customer is blocked')

  const customer = await getCustomer(env.db, customerId)
  const secrets = await readSecrets(env.db, env.secrets, customerId)
  if (!customer || !secrets) throw unauthorized('wrong retrieval password or unknown customer')
  const yaml = await generateControllerYaml(env, customer, secrets)
  env.log.info('config retrieved', { request_id: req.requestId, customer_id: customerId })
  return new Response(yaml, {
    headers: { 'Content-Type': 'application/yaml; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}
