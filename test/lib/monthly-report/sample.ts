// A monthly report's data for the render tests and the screenshots: November 2026 of a household
// with a filling disk and a missed backup.
import type { MonthlyReportData } from '../../../lib/monthly-report/data.js'
import { monthOf } from '../../../lib/monthly-report/period.js'

const DAY = 86_400_000
export const WRITTEN = Date.parse('2026-12-01T08:00:00Z') // 09:00 in Budapest

export function sampleReport(patch: Partial<MonthlyReportData> = {}): MonthlyReportData {
  const month = monthOf(2026, 11)
  return {
    customerId: 'kovacs-csalad',
    displayName: 'Kovács család',
    month,
    writtenAt: WRITTEN,
    availability: { percent: 99.79, downMs: 90 * 60_000, from: month.from, to: month.to },
    backups: { enabled: true, completed: 28, failed: 1, partial: 0, missedDays: 1 },
    crossdrive: { expected: true, lastAt: Date.parse('2026-11-30T03:10:05Z'), failedInMonth: 0 },
    disks: [
      {
        mount: '/',
        label: 'system',
        usedBytes: 48318382080,
        totalBytes: 250059350016,
        percent: 19.32,
        fullAt: null,
        trendKnown: true,
        smartProblem: false,
      },
      {
        mount: '/mnt/hdd1',
        label: 'hdd1',
        usedBytes: 2490492174336,
        totalBytes: 3000592982016,
        percent: 83,
        fullAt: WRITTEN + 23 * DAY,
        trendKnown: true,
        smartProblem: false,
      },
      {
        mount: '/mnt/hdd2',
        label: 'hdd2',
        usedBytes: 1210612080640,
        totalBytes: 3000592982016,
        percent: 40.35,
        fullAt: null,
        trendKnown: false,
        smartProblem: false,
      },
    ],
    updates: [{ at: Date.parse('2026-11-12T02:30:00Z'), version: '1.8.2' }],
    updateFailures: 0,
    problems: [{ kind: 'disk_filling', disk: { label: 'hdd1', system: false }, days: 23 }],
    ...patch,
  }
}
