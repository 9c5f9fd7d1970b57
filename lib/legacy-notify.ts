// The legacy /api/v1/notify relay: stored in the notification log for the operator channel.
import type { Env } from './env.js'
import type { Severity } from './event-types.js'

export interface LegacyNotification {
  customerId: string
  subject: string
  message: string
  severity: Severity
}

export async function relayLegacyNotification(env: Env, n: LegacyNotification): Promise<number> {
  const now = env.clock.now().getTime()
  const rs = await env.db.execute({
    sql: `INSERT INTO notification_log (customer_id, channel, recipient, event_type, severity, subject, body, status, reason, created_at, updated_at)
          VALUES (?, 'operator', ?, 'legacy_notify', ?, ?, ?, 'pending', 'legacy relay', ?, ?)`,
    args: [n.customerId, env.config.notifications.operator_email || null, n.severity, n.subject, n.message, now, now],
  })
  env.log.info('legacy notification received', { customer_id: n.customerId, severity: n.severity, subject: n.subject })
  return Number(rs.lastInsertRowid)
}
