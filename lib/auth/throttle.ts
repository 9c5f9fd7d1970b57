// Throttling of guessable secrets (the dashboard password per client address, a retrieval
// password per customer). An attempt is counted BEFORE its secret is compared, in one statement,
// so a burst of concurrent guesses evaluates no more than the allowance; a success clears the count
// or gives its own attempt back, as the policy says.
import type { Env } from '../core/env.js'
import { claimAttempt, clearAttempts, refundAttempt, type ThrottlePolicy } from '../store/throttle.js'

export type { ThrottlePolicy }

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number }

/** Counts an attempt on `key`; admitted while within the policy's allowance. */
export async function admitAttempt(env: Env, key: string, policy: ThrottlePolicy): Promise<Admission> {
  const now = env.clock.now().getTime()
  const { attempt, lockedUntil } = await claimAttempt(env.db, key, policy, now)
  if (attempt <= policy.maxFailures) return { admitted: true }
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(((lockedUntil ?? now) - now) / 1000)) }
}

/** The attempt on `key` succeeded: the count is cleared, or this attempt refunded (policy.onSuccess). */
export async function attemptSucceeded(env: Env, key: string, policy: ThrottlePolicy): Promise<void> {
  if (policy.onSuccess === 'clear') await clearAttempts(env.db, key)
  else await refundAttempt(env.db, key, policy)
}

/**
 * The attempt on `key` proved one thing but not all (the right password, a code still to come): it
 * no longer counts, and forgives nothing before it. Only the completed login clears the count, so
 * a password known to a guesser does not reset the allowance for guessing codes.
 */
export async function attemptRefunded(env: Env, key: string, policy: ThrottlePolicy): Promise<void> {
  await refundAttempt(env.db, key, policy)
}
