// 05:15 Europe/Budapest, after the 05:00 backup deadline: the disk-full forecast of every mount
// (lib/disks/forecasts.ts: disk_full_forecast when one is predicted full within 14 days, at most
// weekly per mount) and each customer's DR readiness (lib/dr/readiness.ts: dr_not_ready when one
// stops being ready). Blocked customers and those that never reported are left out.
//
// One customer's failure (an unreadable row, a database hiccup) is logged and counted, and the
// others still run; the summary then says ok:false. Running it again is harmless: forecasts are
// replaced, events are deduplicated, readiness changes compare-and-set.
import type { Env } from '../lib/core/env.js'
import { errorFields } from '../lib/core/log.js'
import { forecastCustomer } from '../lib/disks/forecasts.js'
import { refreshDrReadiness } from '../lib/dr/readiness.js'
import { listCustomers } from '../lib/store/customers.js'

export type HouseholdChecksSummary = {
  ok: boolean
  checked: number
  failed: number
  forecast: { mounts: number; with_date: number; announced: number }
  dr: { ready: number; at_risk: number; not_ready: number; announced: number }
}

export async function runHouseholdChecks(env: Env): Promise<HouseholdChecksSummary> {
  const customers = (await listCustomers(env.db)).filter((c) => !c.blocked && c.lastReportAt !== null)
  const summary: HouseholdChecksSummary = {
    ok: true,
    checked: customers.length,
    failed: 0,
    forecast: { mounts: 0, with_date: 0, announced: 0 },
    dr: { ready: 0, at_risk: 0, not_ready: 0, announced: 0 },
  }
  for (const c of customers) {
    try {
      const f = await forecastCustomer(env, c)
      summary.forecast.mounts += f.forecasts.length
      summary.forecast.with_date += f.forecasts.filter((x) => x.fullAt !== null).length
      summary.forecast.announced += f.announced
      const dr = await refreshDrReadiness(env, c)
      summary.dr[dr.state.level] += 1
      if (dr.announced) summary.dr.announced += 1
    } catch (err) {
      summary.failed += 1
      env.log.error('household checks failed for a customer', {
        customer_id: c.customerId,
        ...errorFields(err),
      })
    }
  }
  summary.ok = summary.failed === 0
  return summary
}
