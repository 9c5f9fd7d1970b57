// Fleet-wide questions for the outage rule: how many nodes are monitored, and which of them are
// going stale together right now.
import type { Client } from '@libsql/client'

/** Monitored = not blocked, monitoring not switched off by its latest report, has reported. */
const MONITORED = `c.blocked = 0 AND COALESCE(c.monitoring_enabled, 1) = 1 AND c.last_report_at IS NOT NULL`

export async function monitoredCount(db: Client): Promise<number> {
  const rs = await db.execute(`SELECT count(*) AS n FROM customer_configs c WHERE ${MONITORED}`)
  return Number(rs.rows[0]?.n ?? 0)
}

export interface WaveNode {
  customerId: string
  displayName: string
  lastReportAt: number
}

/**
 * Monitored nodes in the current wave of `eventType` (node_stale or node_down): silent for longer
 * than `thresholdMs`, and not already announced with that event type more than `windowMs` ago
 * during this silence. The first clause also catches nodes whose event the staleness job has not
 * written yet, so the first event of a wave already sees the whole wave.
 */
export async function staleWave(
  db: Client,
  q: { eventType: string; thresholdMs: number; windowMs: number; now: number },
): Promise<WaveNode[]> {
  const rs = await db.execute({
    sql: `SELECT c.customer_id, c.display_name, c.last_report_at FROM customer_configs c
          WHERE ${MONITORED} AND c.last_report_at < ?
            AND NOT EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id AND e.event_type = ?
                            AND e.received_at > c.last_report_at AND e.received_at < ?)
          ORDER BY c.customer_id`,
    args: [q.now - q.thresholdMs, q.eventType, q.now - q.windowMs],
  })
  return rs.rows.map((r) => ({
    customerId: String(r.customer_id),
    displayName: String(r.display_name ?? ''),
    lastReportAt: Number(r.last_report_at),
  }))
}
