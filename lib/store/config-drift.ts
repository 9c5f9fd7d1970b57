// config_drift: each managed customer's result of the last drift check that reached its controller.
// A change of state (match ↔ drift) is a compare-and-set, so two checks at once report it once.
import type { Client } from '@libsql/client'
import type { Row } from './rows.js'

export type DriftState = 'match' | 'drift'

export interface Drift {
  customerId: string
  state: DriftState
  differingKeys: number
  /** When the current state began. */
  since: number
  checkedAt: number
}

function toDrift(r: Row): Drift {
  return {
    customerId: String(r.customer_id),
    state: r.state as DriftState,
    differingKeys: Number(r.differing_keys),
    since: Number(r.since),
    checkedAt: Number(r.checked_at),
  }
}

export async function getDrift(db: Client, customerId: string): Promise<Drift | null> {
  const rs = await db.execute({
    sql: 'SELECT customer_id, state, differing_keys, since, checked_at FROM config_drift WHERE customer_id = ?',
    args: [customerId],
  })
  return rs.rows[0] ? toDrift(rs.rows[0]) : null
}

/** Every customer whose config drifts, by id (the fleet page's badges). */
export async function driftingCustomers(db: Client): Promise<Map<string, Drift>> {
  const rs = await db.execute(
    "SELECT customer_id, state, differing_keys, since, checked_at FROM config_drift WHERE state = 'drift'",
  )
  return new Map(rs.rows.map((r) => [String(r.customer_id), toDrift(r)]))
}

/**
 * Stores a check's result. Returns the state it moved from when this call changed it (null: a
 * first check, or no change), so exactly one caller reports each transition.
 */
export async function storeDriftCheck(
  db: Client,
  customerId: string,
  state: DriftState,
  differingKeys: number,
  now: number,
): Promise<{ from: DriftState | null; since: number } | null> {
  const first = await db.execute({
    sql: `INSERT INTO config_drift (customer_id, state, differing_keys, since, checked_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (customer_id) DO NOTHING`,
    args: [customerId, state, differingKeys, now, now],
  })
  if (first.rowsAffected === 1) return state === 'drift' ? { from: null, since: now } : null
  // Same state: refresh the count and the time. Another state: move, and only one caller wins.
  const same = await db.execute({
    sql: 'UPDATE config_drift SET differing_keys = ?, checked_at = ? WHERE customer_id = ? AND state = ?',
    args: [differingKeys, now, customerId, state],
  })
  if (same.rowsAffected === 1) return null
  const from: DriftState = state === 'drift' ? 'match' : 'drift'
  const moved = await db.execute({
    sql: `UPDATE config_drift SET state = ?, differing_keys = ?, since = ?, checked_at = ?
          WHERE customer_id = ? AND state = ?`,
    args: [state, differingKeys, now, now, customerId, from],
  })
  return moved.rowsAffected === 1 ? { from, since: now } : null
}

/** Puts a state back (its event could not be recorded), so the next check reports it again. */
export async function revertDrift(db: Client, customerId: string, to: DriftState | null, since: number) {
  if (to === null) {
    await db.execute({
      sql: 'DELETE FROM config_drift WHERE customer_id = ? AND since = ?',
      args: [customerId, since],
    })
    return
  }
  await db.execute({
    sql: 'UPDATE config_drift SET state = ? WHERE customer_id = ? AND since = ?',
    args: [to, customerId, since],
  })
}
