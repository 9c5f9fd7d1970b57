// customer_notifications: which events a customer wants by email, and how often at most.
import type { Client, InStatement } from '@libsql/client'
import { jsonStringsCol } from './rows.js'

export interface Preferences {
  customerId: string
  email: string
  enabledEvents: string[]
  cooldownHours: number
  /** The monthly report: true/false as chosen; null when never chosen (no report). */
  monthlyReport?: boolean | null
  updatedAt: number
}

export function preferencesStatement(
  p: Omit<Preferences, 'updatedAt'>,
  extra: Record<string, unknown>,
  now: number,
): InStatement {
  return {
    // monthly_report absent (undefined or null) keeps the stored choice: a controller that does not
    // know the field does not switch the report off, nor undo the operator's dashboard toggle.
    sql: `INSERT INTO customer_notifications (customer_id, email, enabled_events, cooldown_hours, extra, updated_at, monthly_report)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (customer_id) DO UPDATE SET email = excluded.email, enabled_events = excluded.enabled_events,
            cooldown_hours = excluded.cooldown_hours, extra = excluded.extra, updated_at = excluded.updated_at,
            monthly_report = coalesce(excluded.monthly_report, customer_notifications.monthly_report)`,
    args: [
      p.customerId,
      p.email,
      JSON.stringify([...new Set(p.enabledEvents)]),
      p.cooldownHours,
      Object.keys(extra).length > 0 ? JSON.stringify(extra) : null,
      now,
      p.monthlyReport === undefined || p.monthlyReport === null ? null : p.monthlyReport ? 1 : 0,
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
    monthlyReport:
      r.monthly_report === null || r.monthly_report === undefined ? null : Number(r.monthly_report) === 1,
    updatedAt: Number(r.updated_at),
  }
}
