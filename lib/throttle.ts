// Throttling of guessable secrets (the dashboard password per client address, a retrieval
// password per customer). An attempt is counted BEFORE its secret is compared, in one statement,
// so a burst of concurrent guesses evaluates no more than the allowance; a success clears the count.
import type { Env } from './env.js'
import { claimAttempt, clearAttempts, type ThrottlePolicy } from './store/throttle.js'

export type { ThrottlePolicy }

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number }

/** Counts an attempt on `key`; admitted while within the policy's allowance. */
export async function admitAttempt(env: Env, key: string, policy: ThrottlePolicy): Promise<Admission> {
  const now = env.clock.now().getTime()
  const { attempt, lockedUntil } = await claimAttempt(env.db, key, policy, now)
  if (attempt <= policy.maxFailures) return { admitted: true }
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(((lockedUntil ?? now) - now) / 1000)) }
}

/** The attempt on `key` succeeded: its count (and any lock) is cleared. */
export async function attemptSucceeded(env: Env, key: string): Promise<void> {
  await clearAttempts(env.db, key)
}
