// Signed acknowledgement links, put in push messages and emails so the operator can acknowledge
// from a phone without a session: /ack/<customer>/<state>/<since>/<expires>/<signature>. The
// signature is an HMAC under a key derived from server.secret_key for this purpose alone, over
// everything else in the path, so the link acknowledges that customer's state (begun at `since`)
// until `expires`, and is good for nothing else. It is a short-lived capability, never stored.
import { CUSTOMER_ID } from '../core/validate.js'
import type { Env } from '../core/env.js'
import { timingSafeEqual } from '../core/crypto.js'
import type { NodeState } from '../store/state-changes.js'

export const ACK_LINK_TTL_MS = 24 * 3_600_000
export const ACKABLE_STATES = ['stale', 'down', 'error'] as const
export type AckableState = (typeof ACKABLE_STATES)[number]

export const isAckable = (s: NodeState | string): s is AckableState =>
  (ACKABLE_STATES as readonly string[]).includes(s)

const PURPOSE = 'ack-link v1'
const enc = new TextEncoder()

export interface AckClaim {
  customerId: string
  state: AckableState
  since: number
  expires: number
}

const base64url = (b: Uint8Array) =>
  btoa(String.fromCharCode(...b))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

async function signature(env: Env, c: AckClaim): Promise<string> {
  const data = enc.encode(`${c.customerId}\n${c.state}\n${c.since}\n${c.expires}`)
  return base64url(await env.secrets.macFor(PURPOSE, data))
}

/** The path of a link acknowledging `state` (begun at `since`) of the customer, valid for a day. */
export async function ackPath(
  env: Env,
  c: { customerId: string; state: AckableState; since: number },
): Promise<string> {
  const claim = { ...c, expires: env.clock.now().getTime() + ACK_LINK_TTL_MS }
  const sig = await signature(env, claim)
  return `/ack/${c.customerId}/${c.state}/${c.since}/${claim.expires}/${sig}`
}

export type AckLinkCheck = { ok: true; claim: AckClaim } | { ok: false; why: 'invalid' | 'expired' }

/** Checks a link's path segments: the signature first (constant time), then the expiry. */
export async function verifyAckLink(
  env: Env,
  p: { customer?: string; state?: string; since?: string; expires?: string; sig?: string },
): Promise<AckLinkCheck> {
  const { customer = '', state = '', since = '', expires = '', sig = '' } = p
  const wellFormed =
    CUSTOMER_ID.test(customer) &&
    isAckable(state) &&
    /^\d{1,15}$/.test(since) &&
    /^\d{1,15}$/.test(expires) &&
    /^[A-Za-z0-9_-]{43}$/.test(sig)
  if (!wellFormed) return { ok: false, why: 'invalid' }
  const claim: AckClaim = {
    customerId: customer,
    state: state as AckableState,
    since: Number(since),
    expires: Number(expires),
  }
  if (!timingSafeEqual(await signature(env, claim), sig)) return { ok: false, why: 'invalid' }
  if (claim.expires <= env.clock.now().getTime()) return { ok: false, why: 'expired' }
  return { ok: true, claim }
}
