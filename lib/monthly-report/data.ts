// What a customer's monthly report says, gathered from what the hub holds: the month's
// availability, backups and controller updates from samples and events, and the state at the time
// of writing (disks, forecasts, open problems) from the latest report and the daily checks.
import { durationMs } from '../core/config.js'
import type { Env } from '../core/env.js'
import { crossdriveExpected } from '../dr/readiness.js'
import { mountsOf } from '../disks/usage.js'
import { latestReport } from '../reports/summaries.js'
import type { Customer } from '../store/customers.js'
import { diskForecastsOf } from '../store/disk-usage.js'
import { drStateOf } from '../store/dr.js'
import { eventCountsBetween, eventsBetween, latestEventBefore, type StoredEvent } from '../store/events.js'
import { availabilityFor, type Availability } from './availability.js'
import type { ReportMonth } from './period.js'

export interface DiskLine {
  mount: string
  label: string
  usedBytes: number
  totalBytes: number
  percent: number
  /** When it is expected to be full; null without a forecast date. */
  fullAt: number | null
  /** A trend was fitted (so "no date" means "not filling up"), not just too little data. */
  trendKnown: boolean
  smartProblem: boolean
}

/** A disk as the report names it: its label, or the system disk (mounted at /). */
export interface DiskName {
  label: string
  system: boolean
}

export type Problem =
  | { kind: 'offline' }
  | { kind: 'health_fail' }
  | { kind: 'backup_failing' }
  | { kind: 'crossdrive_failing' }
  | { kind: 'disk_worn'; disk: DiskName }
  | { kind: 'disk_filling'; disk: DiskName; days: number }
  | { kind: 'disk_almost_full'; disk: DiskName; percent: number }
  | { kind: 'apps_down'; count: number }
  | { kind: 'dr_incomplete' }

export interface MonthlyReportData {
  customerId: string
  displayName: string
  month: ReportMonth
  /** When the report was put together (ms). */
  writtenAt: number
  availability: Availability | null
  backups: {
    /** From the latest report: null when it does not say. */
    enabled: boolean | null
    completed: number
    failed: number
    partial: number
    missedDays: number
  }
  crossdrive: {
    expected: boolean
    /** The last completed copy up to the end of the month (or now, for the running month). */
    lastAt: number | null
    failedInMonth: number
  }
  disks: DiskLine[]
  updates: { at: number; version: string | null }[]
  updateFailures: number
  problems: Problem[]
}

const DAY = 86_400_000
/** A mount predicted full within this many days is an open problem in the report. */
const FILLING_DAYS = 30

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : [])
const finiteOr = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d)

/** The version a controller_updated event names: its details, else the last version in its message. */
export function updatedVersion(e: StoredEvent): string | null {
  const d = e.details ?? {}
  for (const k of ['to_version', 'new_version', 'version']) {
    const v = d[k]
    if (typeof v === 'string' && /^v?\d+\.\d+\.\d+[\w.+-]*$/.test(v.trim())) return v.trim().replace(/^v/, '')
  }
  const found = [...e.message.matchAll(/\bv?(\d+\.\d+\.\d+(?:-[\w.]+)?)\b/g)]
  return found.length > 0 ? found[found.length - 1][1] : null
}

export async function gatherMonthlyReport(
  env: Env,
  c: Customer,
  month: ReportMonth,
): Promise<MonthlyReportData> {
  const now = env.clock.now().getTime()
  const until = Math.min(month.to, now)
  const report = (await latestReport(env, c))?.report ?? null
  const backupsNow = obj(report?.backups)

  const [availability, counts, updates, lastCopy, forecasts, dr] = await Promise.all([
    availabilityFor(env, c, month.from, month.to),
    eventCountsBetween(
      env.db,
      c.customerId,
      [
        'backup_completed',
        'backup_failed',
        'backup_partial',
        'expected_backup_missed',
        'crossdrive_backup_failed',
        'controller_update_failed',
      ],
      month.from,
      month.to,
    ),
    eventsBetween(env.db, c.customerId, ['controller_updated'], month.from, month.to),
    latestEventBefore(env.db, c.customerId, ['crossdrive_backup_completed'], until),
    diskForecastsOf(env.db, c.customerId),
    drStateOf(env.db, c.customerId),
  ])
  const n = (t: string) => counts.get(t) ?? 0

  // The report's own last copy counts too (a controller that sends no events for it).
  const reportedCopy =
    typeof backupsNow.last_crossdrive_at === 'string' ? Date.parse(backupsNow.last_crossdrive_at) : NaN
  const copyOk = backupsNow.last_crossdrive_status === undefined || backupsNow.last_crossdrive_status === 'ok'
  const copies = [lastCopy?.receivedAt ?? null, copyOk && reportedCopy < until ? reportedCopy : null]
  const lastAt =
    copies.filter((t): t is number => t !== null && !Number.isNaN(t)).sort((a, b) => b - a)[0] ?? null

  const byMount = new Map(forecasts.map((f) => [f.mount, f]))
  const smartOf = new Map(
    list(report?.storage).map((s) => [
      String(s.mount ?? ''),
      typeof s.smart_status === 'string' ? s.smart_status : null,
    ]),
  )
  const disks: DiskLine[] = mountsOf(report).map((m) => {
    const f = byMount.get(m.mount)
    const smart = smartOf.get(m.mount)
    return {
      ...m,
      fullAt: f?.fullAt ?? null,
      trendKnown: f?.slopePerDay !== null && f?.slopePerDay !== undefined,
      smartProblem: smart !== null && smart !== undefined && smart !== 'ok',
    }
  })

  return {
    customerId: c.customerId,
    displayName: c.displayName,
    month,
    writtenAt: now,
    availability,
    backups: {
      enabled: c.backupEnabled,
      completed: n('backup_completed'),
      failed: n('backup_failed'),
      partial: n('backup_partial'),
      missedDays: n('expected_backup_missed'),
    },
    crossdrive: {
      expected: crossdriveExpected(report),
      lastAt,
      failedInMonth: n('crossdrive_backup_failed'),
    },
    disks,
    updates: updates.map((e) => ({ at: e.receivedAt, version: updatedVersion(e) })),
    updateFailures: n('controller_update_failed'),
    problems: openProblems(env, c, report, disks, dr?.level === 'not_ready'),
  }
}

/** What is wrong right now, in the order a household should read it. */
function openProblems(
  env: Env,
  c: Customer,
  report: Obj | null,
  disks: DiskLine[],
  drIncomplete: boolean,
): Problem[] {
  const now = env.clock.now().getTime()
  const out: Problem[] = []
  const threshold = durationMs(env.config.alerting.stale_threshold)
  if (c.lastReportAt !== null && now - c.lastReportAt > threshold) out.push({ kind: 'offline' })
  else if (c.health === 'fail') out.push({ kind: 'health_fail' })

  const b = obj(report?.backups)
  const failed = (s: unknown) => typeof s === 'string' && s !== 'ok'
  if (c.backupEnabled !== false && failed(b.last_backup_status)) out.push({ kind: 'backup_failing' })
  if (crossdriveExpected(report) && failed(b.last_crossdrive_status)) out.push({ kind: 'crossdrive_failing' })

  const critical = finiteOr(c.monitoringOverrides.disk_critical_percent, 90)
  for (const d of disks) {
    const name = { label: d.label, system: d.mount === '/' }
    if (d.smartProblem) out.push({ kind: 'disk_worn', disk: name })
    const days = d.fullAt === null ? null : Math.max(0, Math.round((d.fullAt - now) / DAY))
    if (days !== null && days <= FILLING_DAYS) out.push({ kind: 'disk_filling', disk: name, days })
    else if (d.percent >= critical) out.push({ kind: 'disk_almost_full', disk: name, percent: d.percent })
  }

  const containers = list(report?.containers)
  const down = containers.filter((x) => x.state !== 'running' || x.health === 'unhealthy').length
  if (down > 0) out.push({ kind: 'apps_down', count: down })
  if (drIncomplete) out.push({ kind: 'dr_incomplete' })
  return out
}
