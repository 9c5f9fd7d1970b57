// API authentication, docs/api.md §2: the global key acts for everyone, a customer's key for itself only.
import { forbidden, unauthorized } from '../core/errors.js'
import type { Env } from '../core/env.js'
import { randomToken, sha256Hex, timingSafeEqual } from '../core/crypto.js'
import { customerIdForKeyDigest } from '../store/customers.js'

export type ApiAuth = { kind: 'global' } | { kind: 'customer'; customerId: string }

const API_KEY_PREFIX = 'fhk_'

export const newApiKey = () => API_KEY_PREFIX + randomToken(32)
export const newRetrievalPassword = () => randomToken(18)

export function bearerToken(req: Request): string | null {
  const h = req.headers.get('authorization')
  const m = h && /^Bearer[ ]+(\S+)\s*$/i.exec(h)
  return m ? m[1] : null
}

/**
 * Resolves the bearer key. Both paths compare digests: the global key in constant time, a
 * customer key by its SHA-256 (the only form stored), so the timing reveals nothing about the key.
 */
export async function authenticateApiKey(env: Env, req: Request): Promise<ApiAuth> {
  const key = bearerToken(req)
  if (!key || key.length > 512) throw unauthorized()
  const digest = await sha256Hex(key)
  const global = env.config.api.report_api_key
  if (global !== '' && timingSafeEqual(digest, await configuredDigest(env, global))) return { kind: 'global' }
  const customerId = await customerIdForKeyDigest(env.db, digest)
  if (customerId) return { kind: 'customer', customerId }
  throw unauthorized()
}

/**
 * The digest of a configured token (the global key, the cron and metrics tokens), computed once per
 * process: env.tokenDigests is the entry's cache, keyed by the token, so a changed config is
 * simply a new entry. A WebCrypto digest costs 15–45 µs, a noticeable share of a report request.
 */
export function configuredDigest(env: Env, token: string): Promise<string> {
  let d = env.tokenDigests.get(token)
  if (!d) {
    d = sha256Hex(token)
    if (env.tokenDigests.size < 16) env.tokenDigests.set(token, d)
  }
  return d
}

/** Whether the bearer token is `configured` (digests compared in constant time); never for an empty one. */
export async function bearerMatches(env: Env, req: Request, configured: string): Promise<boolean> {
  if (configured === '') return false
  const given = bearerToken(req)
  if (given === null || given.length > 512) return false
  return timingSafeEqual(await sha256Hex(given), await configuredDigest(env, configured))
}

/** 403 when a customer's key names another customer. */
export function authorizeCustomer(auth: ApiAuth, customerId: string): void {
  if (auth.kind === 'customer' && auth.customerId !== customerId) throw forbidden()
}
