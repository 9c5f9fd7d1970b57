// throttle: failure counters with a fixed window, in the database so a restart keeps them.
import type { Client } from '@libsql/client'

/** The counter of failed config retrievals for one customer (GET /api/v1/config/{id}). */
export const retrievalThrottleKey = (customerId: string) => `config:${customerId}`

export interface ThrottlePolicy {
  /** Failures allowed within the window before the key is locked. */
  maxFailures: number
  windowMs: number
  lockMs: number
}

/** Milliseconds until the key may try again, or 0 when it is not locked. */
export async function lockedFor(db: Client, key: string, now: number): Promise<number> {
  const rs = await db.execute({ sql: 'SELECT locked_until FROM throttle WHERE key = ?', args: [key] })
  const until = rs.rows[0]?.locked_until
  return until === null || until === undefined ? 0 : Math.max(0, Number(until) - now)
}

/** Counts a failure in one statement (concurrent failures cannot undercount); locks at the limit. */
export async function recordFailure(
  db: Client,
  key: string,
  policy: ThrottlePolicy,
  now: number,
): Promise<void> {
  // A window that started before `cutoff` is over: the count starts again at 1.
  const fresh = 'throttle.window_start <= :cutoff'
  const count = `CASE WHEN ${fresh} THEN 1 ELSE throttle.failures + 1 END`
  await db.execute({
    sql: `INSERT INTO throttle (key, failures, window_start, locked_until)
          VALUES (:key, 1, :now, CASE WHEN 1 >= :max THEN :lock_until END)
          ON CONFLICT (key) DO UPDATE SET
            failures = ${count},
            window_start = CASE WHEN ${fresh} THEN :now ELSE throttle.window_start END,
            locked_until = CASE WHEN ${count} >= :max THEN :lock_until ELSE throttle.locked_until END`,
    args: {
      key,
      now,
      cutoff: now - policy.windowMs,
      max: policy.maxFailures,
      lock_until: now + policy.lockMs,
    },
  })
}

export async function clearFailures(db: Client, key: string): Promise<void> {
  await db.execute({ sql: 'DELETE FROM throttle WHERE key = ?', args: [key] })
}

/** Drops counters whose window and lock are both over (the prune job). */
export async function pruneThrottle(db: Client, now: number, maxWindowMs: number): Promise<number> {
  const rs = await db.execute({
    sql: 'DELETE FROM throttle WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)',
    args: [now - maxWindowMs, now],
  })
  return rs.rowsAffected
}
