// monthly_reports: each monthly report as claimed for sending (migration 0052), and the customers
// who asked for one (customer_notifications.monthly_report).
import type { Client, InStatement } from '@libsql/client'
import { deflate, inflate } from '../core/crypto.js'
import { bytes } from './rows.js'

/** The event type of a monthly report's notification log row. */
export const MONTHLY_REPORT_TYPE = 'monthly_report'

export interface StoredMonthlyReport {
  subject: string
  html: string
  text: string
}

/** The INSERT of a claimed report, to run in the claim's transaction; a repeat is left out. */
export async function monthlyReportStatement(
  key: string,
  customerId: string,
  month: string,
  email: StoredMonthlyReport,
  now: number,
): Promise<InStatement> {
  return {
    sql: `INSERT INTO monthly_reports (idempotency_key, customer_id, month, subject, html, text, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
    args: [
      key,
      customerId,
      month,
      email.subject,
      await deflate(new TextEncoder().encode(email.html)),
      email.text,
      now,
    ],
  }
}

export async function monthlyReportByKey(db: Client, key: string): Promise<StoredMonthlyReport | null> {
  const rs = await db.execute({
    sql: 'SELECT subject, html, text FROM monthly_reports WHERE idempotency_key = ?',
    args: [key],
  })
  const r = rs.rows[0]
  if (!r) return null
  try {
    const html = new TextDecoder().decode(await inflate(bytes(r.html)))
    return { subject: String(r.subject), html, text: String(r.text) }
  } catch {
    return null
  }
}

export async function deleteOldMonthlyReports(db: Client, before: number): Promise<number> {
  const rs = await db.execute({ sql: 'DELETE FROM monthly_reports WHERE created_at < ?', args: [before] })
  return rs.rowsAffected
}

export interface MonthlyReportRecipient {
  customerId: string
  email: string
}

/** The customers who asked for the monthly report, with the address they gave. */
export async function monthlyReportRecipients(db: Client): Promise<MonthlyReportRecipient[]> {
  const rs = await db.execute(
    'SELECT customer_id, email FROM customer_notifications WHERE monthly_report = 1 ORDER BY customer_id',
  )
  return rs.rows.map((r) => ({ customerId: String(r.customer_id), email: String(r.email) }))
}

/** Sets the choice for a customer with preferences; false when it has none (no address to send to). */
export async function setMonthlyReport(
  db: Client,
  customerId: string,
  on: boolean,
  now: number,
): Promise<boolean> {
  const rs = await db.execute({
    sql: 'UPDATE customer_notifications SET monthly_report = ?, updated_at = ? WHERE customer_id = ?',
    args: [on ? 1 : 0, now, customerId],
  })
  return rs.rowsAffected === 1
}
