// Credentials a controller in the field already holds (from the Go hub), registered instead of
// generated ones. The hub stores them like its own (digests, sealed copy), but it did not choose
// them, so it refuses the ones that are weak or that could not work:
// - an API key travels as `Authorization: Bearer <key>`: visible ASCII without spaces, at most
//   512 characters (longer bearer tokens are refused before lookup), at least 24 characters and 8
//   distinct ones (the hub's own keys carry 256 bits; 24 random characters still carry ~140);
// - a retrieval password travels in the X-Retrieval-Password header: visible ASCII without spaces
//   (header values lose their outer spaces), 12–256 characters, 6 distinct ones;
// - the two must differ, the key must not be the global key (it would act for every customer) nor
//   another customer's key (a key names exactly one customer).
import type { Env } from '../core/env.js'
import { sha256Hex } from '../core/crypto.js'
import { customerIdForKeyDigest } from '../store/customers.js'

export const MIN_API_KEY_LENGTH = 24
export const MIN_RETRIEVAL_PASSWORD_LENGTH = 12
const VISIBLE_ASCII = /^[\x21-\x7e]*$/

const distinct = (s: string) => new Set(s).size

/** Why a pair of carried credentials is refused; empty when it is acceptable on its own. */
export function weakCredentialReasons(apiKey: string, retrievalPassword: string): string[] {
  const reasons: string[] = []
  if (!VISIBLE_ASCII.test(apiKey))
    reasons.push('api_key: only printable ASCII without spaces can be sent as a Bearer token')
  else if (apiKey.length < MIN_API_KEY_LENGTH)
    reasons.push(`api_key: shorter than ${MIN_API_KEY_LENGTH} characters`)
  else if (apiKey.length > 512) reasons.push('api_key: longer than 512 characters')
  else if (distinct(apiKey) < 8) reasons.push('api_key: fewer than 8 different characters')
  if (!VISIBLE_ASCII.test(retrievalPassword))
    reasons.push('retrieval_password: only printable ASCII without spaces is accepted')
  else if (retrievalPassword.length < MIN_RETRIEVAL_PASSWORD_LENGTH)
    reasons.push(`retrieval_password: shorter than ${MIN_RETRIEVAL_PASSWORD_LENGTH} characters`)
  else if (retrievalPassword.length > 256) reasons.push('retrieval_password: longer than 256 characters')
  else if (distinct(retrievalPassword) < 6)
    reasons.push('retrieval_password: fewer than 6 different characters')
  if (apiKey !== '' && apiKey === retrievalPassword)
    reasons.push('api_key and retrieval_password must differ')
  return reasons
}

/** The weak reasons, plus the clashes only the configuration and the database can tell. */
export async function carriedCredentialReasons(
  env: Env,
  customerId: string,
  apiKey: string,
  retrievalPassword: string,
): Promise<string[]> {
  const reasons = weakCredentialReasons(apiKey, retrievalPassword)
  if (apiKey !== '' && apiKey === env.config.api.report_api_key)
    reasons.push('api_key: is the global key (api.report_api_key), which acts for every customer')
  const owner = await customerIdForKeyDigest(env.db, await sha256Hex(apiKey))
  if (owner !== null && owner !== customerId) reasons.push(`api_key: already used by customer ${owner}`)
  return reasons
}
