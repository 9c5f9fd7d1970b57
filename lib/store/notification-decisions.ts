// notification_decisions: the operator's cooldown, one row per decision to tell the operator about
// (customer, event type), taken before the message fans out to email and the push channels.
import type { Client } from '@libsql/client'

export type DecisionClaim = 'claimed' | 'decided' | 'cooldown'

/**
 * Takes the decision for `key` unless the same customer and event type was decided after `since`.
 * One statement, so of two concurrent claims for one cooldown window exactly one lands.
 * `decided`: this key was claimed before (a repeated dispatch of the same event).
 */
export async function claimDecision(
  db: Client,
  d: { key: string; customerId: string | null; eventType: string; since: number },
  now: number,
): Promise<DecisionClaim> {
  const rs = await db.execute({
    sql: `INSERT INTO notification_decisions (decision_key, customer_id, event_type, decided_at)
          SELECT ?, ?, ?, ? WHERE NOT EXISTS (
            SELECT 1 FROM notification_decisions WHERE event_type = ? AND customer_id IS ? AND decided_at > ?)
          ON CONFLICT (decision_key) DO NOTHING`,
    args: [d.key, d.customerId, d.eventType, now, d.eventType, d.customerId, d.since],
  })
  if (rs.rowsAffected === 1) return 'claimed'
  const seen = await db.execute({
    sql: 'SELECT 1 FROM notification_decisions WHERE decision_key = ?',
    args: [d.key],
  })
  return seen.rows.length > 0 ? 'decided' : 'cooldown'
}
