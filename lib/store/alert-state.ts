// alert_state: the staleness job's view of each node. A missing row means 'ok'. Every change is
// compare-and-set, so of two concurrent runs only one sees its transition land.
import type { Client, InStatement } from '@libsql/client'

export type AlertState = 'ok' | 'stale' | 'down'

export async function allAlertStates(db: Client): Promise<Map<string, AlertState>> {
  const rs = await db.execute('SELECT customer_id, state FROM alert_state')
  return new Map(rs.rows.map((r) => [String(r.customer_id), r.state as AlertState]))
}

/**
 * Moves a customer from `from` to `to`; false when another run changed it first. From 'ok' the
 * row may not exist yet, so that case is an upsert guarded by the same condition.
 */
export async function casAlertState(
  db: Client,
  customerId: string,
  from: AlertState,
  to: AlertState,
  now: number,
): Promise<boolean> {
  const rs =
    from === 'ok'
      ? await db.execute({
          sql: `INSERT INTO alert_state (customer_id, state, changed_at) VALUES (?, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE
                  SET state = excluded.state, changed_at = excluded.changed_at
                WHERE alert_state.state = 'ok'`,
          args: [customerId, to, now],
        })
      : await db.execute({
          sql: 'UPDATE alert_state SET state = ?, changed_at = ? WHERE customer_id = ? AND state = ?',
          args: [to, now, customerId, from],
        })
  return rs.rowsAffected === 1
}

/**
 * A node's state when the hub first learns of it from elsewhere (an import of the Go hub's
 * database): a node silent long before the switch starts as down, so the switch does not alert on
 * an outage the operator already knew. A state the hub recorded itself is left alone.
 */
export function initialAlertStateStatement(customerId: string, state: AlertState, now: number): InStatement {
  return {
    sql: 'INSERT INTO alert_state (customer_id, state, changed_at) VALUES (?, ?, ?) ON CONFLICT (customer_id) DO NOTHING',
    args: [customerId, state, now],
  }
}
