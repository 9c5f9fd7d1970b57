// customer_notifications: which events a customer wants by email, and how often at most.
import type { Client, InStatement } from '@libsql/client'
import { jsonStringsCol } from './rows.js'

export interface Preferences {
  customerId: string
  email: string
  enabledEvents: string[]
  cooldownHours: number
  updatedAt: number
}

export function preferencesStatement(
  p: Omit<Preferences, 'updatedAt'>,
  extra: Record<string, unknown>,
  now: number,
): InStatement {
  return {
    sql: `INSERT INTO customer_notifications (customer_id, email, enabled_events, cooldown_hours, extra, updated_at)
          VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (customer_id) DO UPDATE SET email = excluded.email, enabled_events = excluded.enabled_events,
            cooldown_hours = excluded.cooldown_hours, extra = excluded.extra, updated_at = excluded.updated_at`,
    args: [
      p.customerId,
      p.email,
      JSON.stringify([...new Set(p.enabledEvents)]),
      p.cooldownHours,
      Object.keys(extra).length > 0 ? JSON.stringify(extra) : null,
      now,
    ],
  }
}

export async function savePreferences(
  db: Client,
  p: Omit<Preferences, 'updatedAt'>,
  extra: Record<string, unknown>,
  now: number,
) {
  await db.execute(preferencesStatement(p, extra, now))
}

export async function getPreferences(db: Client, customerId: string): Promise<Preferences | null> {
  const rs = await db.execute({
    sql: 'SELECT * FROM customer_notifications WHERE customer_id = ?',
    args: [customerId],
  })
  const r = rs.rows[0]
  if (!r) return null
  return {
    customerId,
    email: String(r.email),
    enabledEvents: jsonStringsCol(r.enabled_events) ?? [],
    cooldownHours: Number(r.cooldown_hours),
    updatedAt: Number(r.updated_at),
  }
}
