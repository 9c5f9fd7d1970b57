// acknowledgements: the operator has seen a customer's stale, down or error state (migration 0023).
// Keyed by the state and when it began, so a later state, even of the same kind, is not covered.
import type { Client } from '@libsql/client'

export type AckVia = 'dashboard' | 'link'

export interface Acknowledgement {
  customerId: string
  state: string
  since: number
  ackedAt: number
  via: AckVia
}

const toAck = (r: Record<string, unknown>): Acknowledgement => ({
  customerId: String(r.customer_id),
  state: String(r.state),
  since: Number(r.since),
  ackedAt: Number(r.acked_at),
  via: r.via as AckVia,
})

/** Records the acknowledgement; the first one of a state stays (true when this one landed). */
export async function insertAck(db: Client, a: Acknowledgement): Promise<boolean> {
  const rs = await db.execute({
    sql: `INSERT INTO acknowledgements (customer_id, state, since, acked_at, via) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (customer_id, state, since) DO NOTHING`,
    args: [a.customerId, a.state, a.since, a.ackedAt, a.via],
  })
  return rs.rowsAffected === 1
}

export async function getAck(
  db: Client,
  customerId: string,
  state: string,
  since: number,
): Promise<Acknowledgement | null> {
  const rs = await db.execute({
    sql: 'SELECT * FROM acknowledgements WHERE customer_id = ? AND state = ? AND since = ?',
    args: [customerId, state, since],
  })
  return rs.rows[0] ? toAck(rs.rows[0]) : null
}

/** The acknowledgements of each customer's current state (the latest state_changes row). */
export async function acksOfCurrentStates(db: Client): Promise<Map<string, Acknowledgement>> {
  const rs = await db.execute(
    `SELECT a.* FROM acknowledgements a
     JOIN state_changes s ON s.customer_id = a.customer_id AND s.state = a.state AND s.at = a.since
     WHERE s.id = (SELECT id FROM state_changes t WHERE t.customer_id = s.customer_id ORDER BY at DESC, id DESC LIMIT 1)`,
  )
  return new Map(rs.rows.map((r) => [String(r.customer_id), toAck(r)]))
}
