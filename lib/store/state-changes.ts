// state_changes: a node's condition over time, one row where it changes (migration 0022). Written
// by ingest (the health a report gives, one multi-row statement per group commit), by the staleness
// job (silence) and read for uptime and acknowledgements.
import type { Client, InStatement } from '@libsql/client'

export type NodeState = 'ok' | 'warn' | 'error' | 'stale' | 'down'

export interface StateChange {
  customerId: string
  at: number
  state: NodeState
}

/** The latest state of a customer, as a subquery on `customerExpr`. */
const latestOf = (customerExpr: string) =>
  `(SELECT s.state FROM state_changes s WHERE s.customer_id = ${customerExpr} ORDER BY s.at DESC, s.id DESC LIMIT 1)`

/**
 * Records each (customer, at, state) whose state differs from that customer's latest: one
 * statement for many customers (ingest adds it to its group commit). Null when there is nothing.
 */
export function stateChangeStatement(rows: StateChange[]): InStatement | null {
  if (rows.length === 0) return null
  return {
    sql: `INSERT INTO state_changes (customer_id, at, state)
          SELECT v.column1, v.column2, v.column3 FROM (VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}) AS v
          WHERE v.column3 IS NOT ${latestOf('v.column1')}`,
    args: rows.flatMap((r) => [r.customerId, r.at, r.state]),
  }
}

/** Records one change unless it is the customer's state already; true when a row was added. */
export async function recordStateChange(db: Client, change: StateChange): Promise<boolean> {
  const rs = await db.execute(stateChangeStatement([change])!)
  return rs.rowsAffected === 1
}

/** The customer's current state and since when; null before its first report. */
export async function currentState(db: Client, customerId: string): Promise<StateChange | null> {
  const rs = await db.execute({
    sql: 'SELECT customer_id, at, state FROM state_changes WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT 1',
    args: [customerId],
  })
  const r = rs.rows[0]
  return r ? { customerId, at: Number(r.at), state: r.state as NodeState } : null
}

/** Every customer's current state. */
export async function currentStates(db: Client): Promise<Map<string, StateChange>> {
  const rs = await db.execute(
    `SELECT customer_id, at, state FROM state_changes s
     WHERE id = (SELECT id FROM state_changes t WHERE t.customer_id = s.customer_id ORDER BY at DESC, id DESC LIMIT 1)`,
  )
  return new Map(
    rs.rows.map((r) => [
      String(r.customer_id),
      { customerId: String(r.customer_id), at: Number(r.at), state: r.state as NodeState },
    ]),
  )
}

/**
 * The changes that shape [from, to): each customer's last change before `from` (its state when the
 * period begins) and every change inside it; of one customer, of a page of them, or of all. Oldest
 * first per customer.
 */
export async function changesFor(
  db: Client,
  from: number,
  to: number,
  customerIds?: string | string[],
): Promise<StateChange[]> {
  const ids = customerIds === undefined ? null : typeof customerIds === 'string' ? [customerIds] : customerIds
  if (ids?.length === 0) return []
  const only = ids ? `AND customer_id IN (${ids.map(() => '?').join(', ')})` : ''
  const rs = await db.execute({
    sql: `SELECT customer_id, at, state FROM (
            SELECT customer_id, at, state, id FROM state_changes s
              WHERE at < ? ${only}
                AND id = (SELECT id FROM state_changes t WHERE t.customer_id = s.customer_id AND t.at < ?
                          ORDER BY at DESC, id DESC LIMIT 1)
            UNION ALL
            SELECT customer_id, at, state, id FROM state_changes
              WHERE at >= ? AND at < ? ${only})
          ORDER BY customer_id, at, id`,
    args: [from, ...(ids ?? []), from, from, to, ...(ids ?? [])],
  })
  return rs.rows.map((r) => ({
    customerId: String(r.customer_id),
    at: Number(r.at),
    state: r.state as NodeState,
  }))
}

/**
 * Retention: up to `limit` rows older than `before`, except each customer's latest one before it
 * (its state when the kept history begins).
 */
export async function deleteOldStateChanges(db: Client, before: number, limit: number): Promise<number> {
  const rs = await db.execute({
    sql: `DELETE FROM state_changes WHERE id IN (
            SELECT s.id FROM state_changes s WHERE s.at < ? AND EXISTS (
              SELECT 1 FROM state_changes t WHERE t.customer_id = s.customer_id AND t.at < ?
                AND (t.at > s.at OR (t.at = s.at AND t.id > s.id)))
            ORDER BY s.at LIMIT ?)`,
    args: [before, before, limit],
  })
  return rs.rowsAffected
}
