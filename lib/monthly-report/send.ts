// Sending one customer's monthly report exactly once per month. The send is claimed in the
// notification log under the key monthly-report:<customer>:<YYYY-MM> before anything goes out, so
// a second run (a retry, a restart, a duplicate fire, another replica) finds the month decided and
// sends nothing. The claim commits together with the report's HTML (monthly_reports), so the
// outbox can finish a send a crash interrupted with the very same email; and Resend gets the key
// as its Idempotency-Key, so even a send repeated after a lost answer is delivered once.
import type { Env } from '../core/env.js'
import { claimSend, entryByKey, type NewEntry } from '../store/notification-log.js'
import { MONTHLY_REPORT_TYPE, monthlyReportStatement } from '../store/monthly-reports.js'
import type { Customer } from '../store/customers.js'
import { deliverClaimed, skip, type Decision, type DeliverOptions } from '../notify/deliver.js'
import { gatherMonthlyReport } from './data.js'
import type { ReportMonth } from './period.js'
import { renderMonthlyReport } from './render.js'

export const monthlyReportKey = (customerId: string, month: ReportMonth) =>
  `monthly-report:${customerId}:${month.key}`

export async function sendMonthlyReport(
  env: Env,
  c: Customer,
  to: string,
  month: ReportMonth,
  opts: DeliverOptions = {},
): Promise<Decision> {
  const n = env.config.notifications
  const key = monthlyReportKey(c.customerId, month)
  const recipient = to.trim() || null
  const entry: NewEntry = {
    customerId: c.customerId,
    eventId: null,
    channel: 'customer',
    recipient,
    eventType: MONTHLY_REPORT_TYPE,
    severity: 'info',
    subject: null,
    body: null,
    idempotencyKey: key,
  }
  // 1. Decided already (sent, skipped, failed or on its way): nothing to build.
  if (await entryByKey(env.db, key)) return { channel: 'customer', status: 'duplicate' }
  if (c.blocked) return skip(env, entry, 'blocked')
  if (!n.customer_enabled) return skip(env, entry, 'disabled')
  if (!recipient) return skip(env, entry, 'no_recipient')
  if (!n.resend_api_key) return skip(env, entry, 'not_configured')

  // 2. Build it, then claim the month with the email in the same transaction.
  const email = renderMonthlyReport(await gatherMonthlyReport(env, c, month))
  const now = env.clock.now().getTime()
  const stored = await monthlyReportStatement(key, c.customerId, month.key, email, now)
  const claimed = await claimSend(
    env.db,
    { ...entry, subject: email.subject, body: email.text },
    now,
    undefined,
    [stored],
  )
  if (!claimed.claimed) return { channel: 'customer', status: 'duplicate' }

  // 3. Send under the same key.
  return deliverClaimed(env, claimed.id, 'customer', { ...email, to: recipient, idempotencyKey: key }, opts)
}
