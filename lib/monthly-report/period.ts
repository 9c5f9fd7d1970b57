// The month a monthly report covers: a Budapest calendar month, as instants [from, to).
import type { HubConfig } from '../core/config.js'
import { budapestDate, budapestMidnight, jobSchedules, latestSlot } from '../jobs/schedule.js'

export interface ReportMonth {
  year: number
  /** 1–12 */
  month: number
  /** "2026-11": the key of the month's claim. */
  key: string
  /** Budapest midnight of the 1st (ms). */
  from: number
  /** Budapest midnight of the next month's 1st (ms). */
  to: number
}

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/

/** Local midnight of the 1st of a month: noon UTC of that day is always inside it. */
const firstOf = (year: number, month: number) =>
  budapestMidnight(new Date(Date.UTC(year, month - 1, 1, 12))).getTime()

export function monthOf(year: number, month: number): ReportMonth {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 }
  return {
    year,
    month,
    key: `${year}-${String(month).padStart(2, '0')}`,
    from: firstOf(year, month),
    to: firstOf(next.year, next.month),
  }
}

/** "2026-11" as a month; null for anything else (a bad query parameter). */
export function parseMonthKey(key: string | null): ReportMonth | null {
  const m = MONTH_KEY.exec(key ?? '')
  return m ? monthOf(Number(m[1]), Number(m[2])) : null
}

/** The month before the one `at` falls in, in Budapest. */
export function monthBefore(at: Date): ReportMonth {
  const [y, m] = budapestDate(at).split('-').map(Number)
  return m === 1 ? monthOf(y - 1, 12) : monthOf(y, m - 1)
}

/**
 * The month the monthly-report job reports on: the one before its latest slot (the 1st, 09:00),
 * so a run that catches up on the 3rd, or a forced one mid-month, still covers last month.
 */
export function reportedMonth(config: HubConfig, now: Date): ReportMonth {
  const slot = latestSlot(jobSchedules(config)['monthly-report'], now)
  return monthBefore(slot ? new Date(slot) : now)
}
