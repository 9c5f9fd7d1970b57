// When each job is due. `tick` asks for the latest scheduled slot at or before now and runs the
// job once per slot, so the slot key must be the same for every tick in the same period and must
// change exactly once per period, DST changes included.
import { Cron } from 'croner'
import type { HubConfig } from './config.js'

export const BUDAPEST = 'Europe/Budapest'
export const JOB_NAMES = [
  'staleness',
  'backup-deadline',
  'prune',
  'registry-check',
  'template-refresh',
  'backup',
] as const
export type JobName = (typeof JOB_NAMES)[number]

export const isJobName = (name: string): name is JobName => (JOB_NAMES as readonly string[]).includes(name)

export interface JobSchedule {
  pattern: string
  timezone: string
}

export const DEFAULT_PRUNE_SCHEDULE = '30 4 * * *'

/** Interval jobs run on UTC (a DST change must not skip or double an hourly run); daily ones in Budapest. */
export function jobSchedules(config: HubConfig): Record<JobName, JobSchedule> {
  return {
    staleness: { pattern: '* * * * *', timezone: 'UTC' },
    'backup-deadline': { pattern: '0 5 * * *', timezone: BUDAPEST },
    prune: { pattern: config.retention.prune_schedule || DEFAULT_PRUNE_SCHEDULE, timezone: BUDAPEST },
    'registry-check': { pattern: '*/30 * * * *', timezone: 'UTC' },
    'template-refresh': { pattern: '0 * * * *', timezone: 'UTC' },
    // The database snapshot (scheduled/backup.ts), before prune deletes anything.
    backup: { pattern: '15 3 * * *', timezone: BUDAPEST },
  }
}

const parsed = new Map<string, Cron>()

/** Throws a readable error for a pattern croner cannot parse (hub.yaml's prune_schedule). */
export function cronOf(s: JobSchedule): Cron {
  const key = `${s.timezone} ${s.pattern}`
  let cron = parsed.get(key)
  if (cron) return cron
  try {
    // Without a callback croner only computes dates: no timer is started.
    cron = new Cron(s.pattern, { timezone: s.timezone, mode: '5-part' })
  } catch (err) {
    throw new Error(`invalid cron pattern "${s.pattern}": ${(err as Error).message}`)
  }
  if (parsed.size < 64) parsed.set(key, cron)
  return cron
}

/**
 * The latest slot at or before `now`, as an ISO instant, or null if the pattern never fired.
 * croner's previousRuns excludes a run exactly at the reference instant, hence the +1 ms. A fixed
 * local time that falls in the spring gap fires once right after it; one that occurs twice in
 * autumn fires once (croner's fixed-time rule), so daily jobs get exactly one slot per local day.
 */
export function latestSlot(s: JobSchedule, now: Date): string | null {
  const [prev] = cronOf(s).previousRuns(1, new Date(now.getTime() + 1))
  return prev ? prev.toISOString() : null
}

const MIDNIGHT: JobSchedule = { pattern: '0 0 * * *', timezone: BUDAPEST }

/** The instant the Budapest calendar day containing `at` began. */
export function budapestMidnight(at: Date): Date {
  return new Date(latestSlot(MIDNIGHT, at)!)
}

const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUDAPEST,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The Budapest calendar date (YYYY-MM-DD) of an instant. */
export function budapestDate(at: Date): string {
  return dateFormat.format(at)
}
