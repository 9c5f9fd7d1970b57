// Acknowledgements: the operator has seen a customer's stale, down or error state. Until that state
// changes (a new state_changes row, even of the same kind), the operator gets no more notifications
// about the customer; the next state is not acknowledged.
import type { Env } from '../core/env.js'
import { currentState, type StateChange } from '../store/state-changes.js'
import { getAck, insertAck, type Acknowledgement, type AckVia } from '../store/acknowledgements.js'
import { ackPath, isAckable, type AckableState } from './ack-link.js'

/** The customer's current state when it is one the operator may acknowledge. */
export async function ackableNow(env: Env, customerId: string): Promise<StateChange | null> {
  const s = await currentState(env.db, customerId)
  return s && isAckable(s.state) ? s : null
}

/** The acknowledgement that covers the customer's current state, if any. */
export async function currentAck(env: Env, customerId: string): Promise<Acknowledgement | null> {
  const s = await ackableNow(env, customerId)
  return s ? getAck(env.db, customerId, s.state, s.at) : null
}

export type AckOutcome = 'acknowledged' | 'already' | 'state_changed'

/** Acknowledges `state` begun at `since`, if that is still the customer's state. */
export async function acknowledge(
  env: Env,
  a: { customerId: string; state: AckableState; since: number; via: AckVia },
): Promise<AckOutcome> {
  const s = await currentState(env.db, a.customerId)
  if (!s || s.state !== a.state || s.at !== a.since) return 'state_changed'
  const landed = await insertAck(env.db, { ...a, ackedAt: env.clock.now().getTime() })
  env.log.info('state acknowledged', { customer_id: a.customerId, state: a.state, via: a.via, landed })
  return landed ? 'acknowledged' : 'already'
}

/**
 * A full signed link acknowledging the customer's current state, or undefined when there is none.
 * `beganBy`: only a state that had begun by then (when the alert was decided), so a late retry of
 * an alert never carries a link to a state that came after it.
 */
export async function ackUrlFor(
  env: Env,
  customerId: string | null,
  beganBy = Infinity,
): Promise<string | undefined> {
  if (!customerId) return undefined
  const s = await ackableNow(env, customerId)
  if (!s || !isAckable(s.state) || s.at > beganBy) return undefined
  const path = await ackPath(env, { customerId, state: s.state, since: s.at })
  return `${env.config.server.public_url.replace(/\/+$/, '')}${path}`
}
