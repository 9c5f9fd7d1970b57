// Read-only view of notification_log for the dashboard: what was sent (or not) for a customer.
import type { Client } from '@libsql/client'
import { num, str } from './rows.js'

export interface NotificationRecord {
  id: number
  channel: string
  recipient: string | null
  eventType: string | null
  subject: string | null
  status: string
  reason: string | null
  attempts: number
  createdAt: number
}

export async function recentNotifications(
  db: Client,
  customerId: string,
  limit = 20,
): Promise<NotificationRecord[]> {
  const rs = await db.execute({
    sql: `SELECT id, channel, recipient, event_type, subject, status, reason, attempts, created_at
          FROM notification_log
          WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
    args: [customerId, limit],
  })
  return rs.rows.map((r) => ({
    id: Number(r.id),
    channel: String(r.channel),
    recipient: str(r.recipient),
    eventType: str(r.event_type),
    subject: str(r.subject),
    status: String(r.status),
    reason: str(r.reason),
    attempts: num(r.attempts) ?? 0,
    createdAt: Number(r.created_at),
  }))
}
