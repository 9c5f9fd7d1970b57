// Recovery codes: ten single-use codes shown once at enrolment, for the day the authenticator is
// lost. Each carries 50 random bits (ten characters of Crockford's base32); the database keeps
// only an HMAC-SHA-256 of each under a key derived from server.secret_key (env.secrets.mac). A
// plain SHA-256 of a code this short could be searched offline from a copy of the database; the
// keyed digest cannot be tested without the secret key, and still finds a code in one lookup.
import type { Env } from '../core/env.js'

export const RECOVERY_CODE_COUNT = 10
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford: no i, l, o, u
const LENGTH = 10

/** Fresh codes for display, `xxxxx-xxxxx`. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const raw = crypto.getRandomValues(new Uint8Array(LENGTH))
    const chars = Array.from(raw, (b) => ALPHABET[b & 31]).join('')
    return `${chars.slice(0, 5)}-${chars.slice(5)}`
  })
}

/**
 * A typed code in its canonical form, or null when it cannot be one: case, spaces and dashes do
 * not matter, and the letters Crockford's alphabet leaves out read as the digits they resemble.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const s = input
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0')
  return s.length === LENGTH && [...s].every((c) => ALPHABET.includes(c)) ? s : null
}

/** The stored form of a code (canonical or as shown). */
export async function recoveryCodeDigest(env: Pick<Env, 'secrets'>, code: string): Promise<string> {
  const canonical = normalizeRecoveryCode(code) ?? code
  return env.secrets.mac(new TextEncoder().encode(`recovery-code v1:${canonical}`))
}
