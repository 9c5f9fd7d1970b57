// The 1st of each month, 09:00 Europe/Budapest (spec §9): last month's report to every customer
// who asked for it (POST /api/v1/preferences "monthly_report": true, or the dashboard's toggle).
// Each customer's month is claimed before its email goes out (lib/monthly-report/send.ts), so
// however often this runs, each customer gets one report per month. Reports are sent one after
// another: gentle on Resend's rate limit (a 429 is waited out with its Retry-After).
import type { Env } from '../lib/core/env.js'
import { errorFields } from '../lib/core/log.js'
import { reportedMonth } from '../lib/monthly-report/period.js'
import { sendMonthlyReport } from '../lib/monthly-report/send.js'
import { getCustomer } from '../lib/store/customers.js'
import { deleteOldMonthlyReports, monthlyReportRecipients } from '../lib/store/monthly-reports.js'

const DAY = 86_400_000
/** Sent reports are kept a little over a year (the notification log keeps its own rows 90 days). */
const KEEP_REPORTS_DAYS = 400

export type MonthlyReportSummary = {
  ok: boolean
  month: string
  opted_in: number
  sent: number
  skipped: number
  failed: number
  already_done: number
}

export async function sendMonthlyReports(env: Env): Promise<MonthlyReportSummary> {
  const now = env.clock.now()
  const month = reportedMonth(env.config, now)
  const recipients = await monthlyReportRecipients(env.db)
  const summary: MonthlyReportSummary = {
    ok: true,
    month: month.key,
    opted_in: recipients.length,
    sent: 0,
    skipped: 0,
    failed: 0,
    already_done: 0,
  }
  for (const r of recipients) {
    try {
      const c = await getCustomer(env.db, r.customerId)
      // Preferences without a customer (purged, or never reported): nothing to report on.
      if (!c || c.lastReportAt === null) {
        summary.skipped++
        continue
      }
      const d = await sendMonthlyReport(env, c, r.email, month)
      if (d.status === 'duplicate') summary.already_done++
      // 'retrying' is a push channel's state (lib/notify/push/deliver.ts); an email never ends so.
      else if (d.status === 'retrying') summary.failed++
      else summary[d.status]++
    } catch (err) {
      summary.failed++
      env.log.error('monthly report failed', {
        customer_id: r.customerId,
        month: month.key,
        ...errorFields(err),
      })
    }
  }
  await deleteOldMonthlyReports(env.db, now.getTime() - KEEP_REPORTS_DAYS * DAY)
  summary.ok = summary.failed === 0
  return summary
}
