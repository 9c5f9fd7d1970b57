// idempotency_keys: the first answer to an Idempotency-Key. UNIQUE (customer_id, route, key) is the
// claim: the row is inserted in the same transaction as the request's own write (rememberAnswer's
// statements go into that write's batch), so of two requests with one key exactly one commits and
// the other fails on the constraint, rolling its write back with it.
import type { Client, InStatement } from '@libsql/client'

export interface KeyRef {
  customerId: string
  route: string
  key: string
}

export interface StoredAnswer {
  bodyDigest: string
  status: number
  answer: string
  createdAt: number
}

/** The answer remembered for the key, if it was first used after `liveFrom`. */
export async function findAnswer(db: Client, ref: KeyRef, liveFrom: number): Promise<StoredAnswer | null> {
  const rs = await db.execute({
    sql: `SELECT body_digest, status, answer, created_at FROM idempotency_keys
          WHERE customer_id = ? AND route = ? AND key = ? AND created_at > ?`,
    args: [ref.customerId, ref.route, ref.key, liveFrom],
  })
  const r = rs.rows[0]
  if (!r) return null
  return {
    bodyDigest: String(r.body_digest),
    status: Number(r.status),
    answer: String(r.answer),
    createdAt: Number(r.created_at),
  }
}

export interface NewAnswer extends KeyRef {
  bodyDigest: string
  status: number
  /** The answer's JSON body. */
  answer: Record<string, unknown>
  /** A field of `answer` that gets the rowid the write inserted just before (an event's id). */
  newRowIdAt?: string
  createdAt: number
  /** A row of the same key first used at or before this has expired: it is replaced. */
  liveFrom: number
}

/**
 * The statements that take the key, to run right after the write in its transaction: drop an
 * expired row of the same key, then insert. The insert fails (and the transaction with it) when a
 * live row holds the key. last_insert_rowid() still names the write's row: a DELETE does not
 * change it, and it is read before this INSERT assigns its own.
 */
export function rememberAnswer(a: NewAnswer): InStatement[] {
  const answer = JSON.stringify(a.answer)
  return [
    {
      sql: 'DELETE FROM idempotency_keys WHERE customer_id = ? AND route = ? AND key = ? AND created_at <= ?',
      args: [a.customerId, a.route, a.key, a.liveFrom],
    },
    {
      sql: `INSERT INTO idempotency_keys (customer_id, route, key, body_digest, status, answer, created_at)
            VALUES (?, ?, ?, ?, ?, ${a.newRowIdAt ? 'json_set(?, ?, last_insert_rowid())' : '?'}, ?)`,
      args: [
        a.customerId,
        a.route,
        a.key,
        a.bodyDigest,
        a.status,
        ...(a.newRowIdAt ? [answer, `$.${a.newRowIdAt}`] : [answer]),
        a.createdAt,
      ],
    },
  ]
}

/** Whether a write failed because a live row holds its key (rememberAnswer's insert). */
export function isKeyTaken(err: unknown): boolean {
  return /UNIQUE constraint failed: idempotency_keys\./.test(String((err as Error)?.message ?? err))
}

/** Keys first used at or before `before`, at most `limit` per call (the prune job). */
