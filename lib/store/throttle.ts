// throttle: attempt counters with a fixed window, in the database so a restart keeps them. The
// `failures` column counts attempts since the window began (a success deletes the row), each one
// counted before it is evaluated.
import type { Client } from '@libsql/client'

/** The counter of failed config retrievals for one customer (GET /api/v1/config/{id}). */
export const retrievalThrottleKey = (customerId: string) => `config:${customerId}`

export interface ThrottlePolicy {
  /** Attempts allowed within the window without a success; the last one allowed locks the key. */
  maxFailures: number
  windowMs: number
  lockMs: number
  /**
   * What a success does: `clear` forgives the key's earlier attempts (the operator proved who they
   * are); `refund` only gives back the succeeding attempt's own count, so a controller's regular
   * successful fetches neither lock it out nor forgive the guesses made against it.
   */
  onSuccess: 'clear' | 'refund'
}

export interface Claim {
  /** This attempt's number in the current window (or lock): allowed while <= maxFailures. */
  attempt: number
  /** When the lock ends, once the allowance is used up; null before. */
  lockedUntil: number | null
}

/**
 * Counts one attempt and answers with its number, in one statement, so that however many arrive
 * at once each gets its own number and no more than the allowance are evaluated.
 * 1. A live lock (locked_until > now) keeps the row as it is: the count only grows.
 * 2. Otherwise a window that started before `cutoff`, or a lock that has ended, starts again at 1.
 * 3. The attempt that reaches the allowance sets the lock, so the next one is refused; its own
 *    success (which deletes the row) lifts the lock again.
 */
export async function claimAttempt(
  db: Client,
  key: string,
  policy: ThrottlePolicy,
  now: number,
): Promise<Claim> {
  // Exclusive: `fresh` needs no lock or an ended one.
  const locked = '(throttle.locked_until IS NOT NULL AND throttle.locked_until > :now)'
  const fresh = `((throttle.locked_until IS NULL AND throttle.window_start <= :cutoff)
                  OR (throttle.locked_until IS NOT NULL AND throttle.locked_until <= :now))`
  const count = `CASE WHEN ${fresh} THEN 1 ELSE throttle.failures + 1 END`
  const rs = await db.execute({
    sql: `INSERT INTO throttle (key, failures, window_start, locked_until)
          VALUES (:key, 1, :now, CASE WHEN 1 >= :max THEN :lock_until END)
          ON CONFLICT (key) DO UPDATE SET
            failures = ${count},
            window_start = CASE WHEN ${fresh} THEN :now ELSE throttle.window_start END,
            locked_until = CASE WHEN ${locked} THEN throttle.locked_until
                                WHEN ${count} >= :max THEN :lock_until END
          RETURNING failures, locked_until`,
    args: {
      key,
      now,
      cutoff: now - policy.windowMs,
      max: policy.maxFailures,
      lock_until: now + policy.lockMs,
    },
  })
  const row = rs.rows[0]
  return {
    attempt: Number(row.failures),
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
  }
}

/** A success: the key starts again with its full allowance. */
export async function clearAttempts(db: Client, key: string): Promise<void> {
  await db.execute({ sql: 'DELETE FROM throttle WHERE key = ?', args: [key] })
}

/** A success under a `refund` policy: this attempt no longer counts, and a lock it set is lifted. */
export async function refundAttempt(db: Client, key: string, policy: ThrottlePolicy): Promise<void> {
  await db.execute({
    sql: `UPDATE throttle SET failures = max(0, failures - 1),
            locked_until = CASE WHEN failures - 1 < ? THEN NULL ELSE locked_until END
          WHERE key = ?`,
    args: [policy.maxFailures, key],
  })
}

/** Drops counters whose window and lock are both over (the prune job). */
export async function pruneThrottle(db: Client, now: number, maxWindowMs: number): Promise<number> {
  const rs = await db.execute({
    sql: 'DELETE FROM throttle WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)',
    args: [now - maxWindowMs, now],
  })
  return rs.rowsAffected
}
