// The daily disk-full forecast of one customer: every mount of its latest report, fitted on the
// readings of the last two weeks (lib/disks/forecast.ts), stored for the pages; and the warning
// when a mount is predicted full within ALERT_DAYS.
import type { Env } from '../core/env.js'
import { iso } from '../core/clock.js'
import { recordHubEvent } from '../events/record.js'
import { HUB_EVENT_SEVERITY } from '../events/types.js'
import { budapestDate } from '../jobs/schedule.js'
import { latestReport } from '../reports/summaries.js'
import type { Customer } from '../store/customers.js'
import {
  deleteOldDiskUsage,
  diskUsageSince,
  replaceDiskForecasts,
  type DiskForecast,
} from '../store/disk-usage.js'
import { hubEventsOfTypeSince } from '../store/events.js'
import { FORECAST_WINDOW_DAYS, fitTrend, fullFrom } from './forecast.js'
import { mountsOf } from './usage.js'

const DAY = 86_400_000
/** A mount predicted full within this many days is announced (operator, and customers who chose it). */
export const ALERT_DAYS = 14
/** At most one announcement per mount within this many days. */
const ALERT_EVERY_DAYS = 7
/** Readings are kept this long: the forecast's window and a day. */
export const DISK_USAGE_KEEP_DAYS = 15
/** A customer silent for longer gets no forecast: its trend says nothing about today. */
const STALE_AFTER_MS = 2 * DAY

export interface CustomerForecast {
  forecasts: DiskForecast[]
  announced: number
}

export async function forecastCustomer(env: Env, c: Customer): Promise<CustomerForecast> {
  const now = env.clock.now().getTime()
  const stored = await latestReport(env, c)
  const mounts = mountsOf(stored?.report ?? null)
  const end = c.lastReportAt ?? 0
  const fresh = now - end <= STALE_AFTER_MS
  const readings = fresh ? await diskUsageSince(env.db, c.ref, end - FORECAST_WINDOW_DAYS * DAY) : []

  const forecasts: DiskForecast[] = mounts.map((m) => {
    const trend = fresh
      ? fitTrend(
          readings.filter((r) => r.mount === m.mount),
          end,
        )
      : null
    const full = trend ? fullFrom(trend, end) : null
    return {
      customerId: c.customerId,
      mount: m.mount,
      label: m.label,
      percentNow: m.percent,
      slopePerDay: trend?.slopePerDay ?? null,
      fullAt: full?.fullAt ?? null,
      computedAt: now,
    }
  })
  await replaceDiskForecasts(env.db, c.customerId, forecasts)
  await deleteOldDiskUsage(env.db, c.ref, now - DISK_USAGE_KEEP_DAYS * DAY)

  let announced = 0
  for (const f of forecasts) {
    if (f.fullAt === null || f.fullAt > now + ALERT_DAYS * DAY) continue
    if (await announce(env, c, { ...f, fullAt: f.fullAt })) announced++
  }
  return { forecasts, announced }
}

/**
 * Records disk_full_forecast for the mount unless one was recorded for it within the last week.
 * The dedupe key (customer, mount, ISO week) keeps concurrent runs to one event; the look back
 * keeps a Sunday and the following Monday from both announcing it.
 */
async function announce(env: Env, c: Customer, f: DiskForecast & { fullAt: number }): Promise<boolean> {
  const now = env.clock.now().getTime()
  const recent = await hubEventsOfTypeSince(
    env.db,
    c.customerId,
    'disk_full_forecast',
    now - ALERT_EVERY_DAYS * DAY,
  )
  if (recent.some((e) => e.details?.mount === f.mount)) return false
  const name = c.displayName || c.hostname || c.customerId
  const daysLeft = Math.max(0, (f.fullAt - now) / DAY)
  const days = Math.round(daysLeft)
  const when = days < 1 ? 'within a day' : `in about ${days} ${days === 1 ? 'day' : 'days'}`
  const event = await recordHubEvent(env, {
    customerId: c.customerId,
    eventType: 'disk_full_forecast',
    severity: HUB_EVENT_SEVERITY.disk_full_forecast,
    message:
      `${f.label} (${f.mount}) of ${name} is ${f.percentNow.toFixed(1)}% full and growing ` +
      `${f.slopePerDay!.toFixed(2)} points a day: full ${when} (around ${budapestDate(new Date(f.fullAt))})`,
    details: {
      mount: f.mount,
      label: f.label,
      percent_now: Math.round(f.percentNow * 10) / 10,
      slope_per_day: Math.round(f.slopePerDay! * 100) / 100,
      days_left: Math.round(daysLeft * 10) / 10,
      full_at: iso(f.fullAt),
    },
    dedupeKey: `disk_full_forecast:${c.customerId}:${f.mount}:${isoWeek(budapestDate(new Date(now)))}`,
  })
  return event !== null
}

/** "2026-W48": the ISO week of a calendar date (YYYY-MM-DD). */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  const weekday = (d.getUTCDay() + 6) % 7 // Monday 0
  d.setUTCDate(d.getUTCDate() - weekday + 3) // the week's Thursday names its year
  const year = d.getUTCFullYear()
  const week = Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / DAY / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}
