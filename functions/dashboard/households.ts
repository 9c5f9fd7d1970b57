// The households' parts of the dashboard (#13): what the detail page loads for them, the restore
// drill, the monthly report toggle, and the monthly report preview.
//
// The preview is the email's own HTML, which styles itself inline (mail clients drop <style>), so
// it cannot be shown under the dashboard's CSP (style-src 'self'). An <iframe srcdoc> would not
// help: a srcdoc document inherits its parent's CSP, so the page itself would have to allow inline
// styles. Instead the preview is its own response with its own CSP: inline styles allowed, nothing
// else (no script, no image, no form, no frame), and `sandbox`, so even markup that slipped past
// the escaping would run in an opaque origin with no access to the dashboard or its cookies.
import type { Env } from '../../lib/core/env.js'
import { runRestoreDrill } from '../../lib/dr/drill.js'
import { gatherMonthlyReport } from '../../lib/monthly-report/data.js'
import { monthBefore, parseMonthKey } from '../../lib/monthly-report/period.js'
import { renderMonthlyReport } from '../../lib/monthly-report/render.js'
import { getCustomer, type Customer } from '../../lib/store/customers.js'
import { diskForecastsOf } from '../../lib/store/disk-usage.js'
import { drStateOf, latestDrill } from '../../lib/store/dr.js'
import { MONTHLY_REPORT_TYPE, setMonthlyReport } from '../../lib/store/monthly-reports.js'
import { latestOfType } from '../../lib/store/notification-log.js'
import { getPreferences } from '../../lib/store/preferences.js'
import type { HouseholdProps } from '../../pages/components/household-cards.js'
import { customerAction } from './actions.js'
import { customerIdParam, notFoundPage, redirectWithFlash, type DashHandler } from './context.js'

export async function householdProps(env: Env, c: Customer, csrf: string): Promise<HouseholdProps> {
  const [forecasts, dr, drill, prefs, lastSent] = await Promise.all([
    diskForecastsOf(env.db, c.customerId),
    drStateOf(env.db, c.customerId),
    latestDrill(env.db, c.customerId),
    getPreferences(env.db, c.customerId),
    latestOfType(env.db, c.customerId, MONTHLY_REPORT_TYPE),
  ])
  return {
    customerId: c.customerId,
    csrf,
    now: env.clock.now().getTime(),
    forecasts,
    dr,
    drill,
    monthly: { optedIn: prefs?.monthlyReport ?? null, hasPreferences: prefs !== null, lastSent },
  }
}

export const postRestoreDrill = customerAction('postRestoreDrill', async (req, env, c) => {
  const drill = await runRestoreDrill(env, c)
  const text = drill.ok
    ? `Restore drill passed: the latest infra backup (version ${drill.infraVersion}) decrypts and has everything a fresh controller needs.`
    : `Restore drill failed: ${drill.failed.map((f) => f.name).join(', ')}. See "Disaster recovery" for why.`
  return redirectWithFlash(req, `/customers/${c.customerId}#dr-readiness`, {
    kind: drill.ok ? 'ok' : 'error',
    text,
  })
})

export const postMonthlyReportSubscription = customerAction(
  'postMonthlyReportSubscription',
  async (req, env, c) => {
    const choice = req.form.get('monthly_report')
    if (choice !== 'on' && choice !== 'off') {
      return redirectWithFlash(req, `/customers/${c.customerId}#monthly-report`, {
        kind: 'error',
        text: 'Nothing changed: the form must say monthly_report=on or off.',
      })
    }
    const on = choice === 'on'
    if (!(await setMonthlyReport(env.db, c.customerId, on, env.clock.now().getTime()))) {
      return redirectWithFlash(req, `/customers/${c.customerId}#monthly-report`, {
        kind: 'error',
        text: `${c.customerId} has no notification preferences, so there is no address to send the report to.`,
      })
    }
    env.log.info('monthly report choice set', { request_id: req.requestId, customer_id: c.customerId, on })
    return redirectWithFlash(req, `/customers/${c.customerId}#monthly-report`, {
      kind: 'ok',
      text: on
        ? `${c.customerId} will get the monthly report on the 1st of each month.`
        : `${c.customerId} will no longer get the monthly report.`,
    })
  },
)

/** What the preview may do: show inline-styled HTML, nothing more. */
export const PREVIEW_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  'sandbox',
].join('; ')

const previewHeaders = (type: string) => ({
  'Content-Type': `${type}; charset=utf-8`,
  'Content-Security-Policy': PREVIEW_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
})

/** GET /customers/:id/monthly-report[?month=YYYY-MM][&format=text]: the report as the customer gets it. */
export const getMonthlyReportPage: DashHandler = async (req, env) => {
  const id = customerIdParam(req)
  const c = id ? await getCustomer(env.db, id) : null
  if (!id || !c) return notFoundPage(req, `Customer ${id ?? ''}`)
  const query = new URL(req.url).searchParams
  const asked = query.get('month')
  const month = asked === null ? monthBefore(env.clock.now()) : parseMonthKey(asked)
  if (!month) {
    return new Response('month must be YYYY-MM, for example 2026-11.\n', {
      status: 400,
      headers: previewHeaders('text/plain'),
    })
  }
  const email = renderMonthlyReport(await gatherMonthlyReport(env, c, month))
  if (query.get('format') === 'text') {
    return new Response(`Subject: ${email.subject}\n\n${email.text}`, {
      headers: previewHeaders('text/plain'),
    })
  }
  return new Response(email.html, { headers: previewHeaders('text/html') })
}
