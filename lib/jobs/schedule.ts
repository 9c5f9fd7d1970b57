// When each job is due. `tick` asks for the latest scheduled slot at or before now and runs the
// job once per slot, so the slot key must be the same for every tick in the same period and must
// change exactly once per period, DST changes included.
import { Cron } from 'croner'
import { dailyOrCronPattern, intervalSlot, type JobSchedule } from '../core/cadence.js'
import { durationMs, type HubConfig } from '../core/config.js'

export type { JobSchedule }

export const BUDAPEST = 'Europe/Budapest'
export const JOB_NAMES = [
  'staleness',
  'rollouts',
  'backup-deadline',
  'prune',
  'registry-check',
  'template-refresh',
  'backup',
  'drift-check',
  'household-checks',
  'monthly-report',
  'volume-watch',
] as const
export type JobName = (typeof JOB_NAMES)[number]

export const isJobName = (name: string): name is JobName => (JOB_NAMES as readonly string[]).includes(name)

/**
 * Interval jobs run on UTC-aligned slots (a DST change must not skip or double an hourly run);
 * daily ones in Budapest. The config was validated, so its patterns parse.
 */
export function jobSchedules(config: HubConfig): Record<JobName, JobSchedule> {
  return {
    staleness: { everyMs: tickIntervalMs(config) },
    // Staged controller rollouts (lib/rollouts/): bounded work each minute.
    rollouts: { everyMs: 60_000 },
    'backup-deadline': { pattern: '0 5 * * *', timezone: BUDAPEST },
    prune: { pattern: dailyOrCronPattern(config.retention.prune_schedule)!, timezone: BUDAPEST },
    'registry-check': { everyMs: durationMs(config.registry.check_interval) },
    'template-refresh': { everyMs: durationMs(config.registry.template_interval) },
    // The database snapshot (scheduled/backup.ts), before prune deletes anything.
    backup: { pattern: '15 3 * * *', timezone: BUDAPEST },
    // Live configs against the generated ones (scheduled/drift-check.ts), spec §9.
    'drift-check': { pattern: '0 6 * * *', timezone: BUDAPEST },
    // Disk-full forecast and DR readiness, after the 05:00 backup deadline (scheduled/household-checks.ts).
    'household-checks': { pattern: '15 5 * * *', timezone: BUDAPEST },
    // The customers' monthly report (spec §9): the 1st, 09:00 (scheduled/monthly-report.ts).
    'monthly-report': { pattern: '0 9 1 * *', timezone: BUDAPEST },
    // The hub's own volume: a reading and the forecast every hour (lib/volume/watch.ts).
    'volume-watch': { everyMs: 3_600_000 },
  }
}

/** The divisors of a minute, in seconds: a tick period from this list always lands on :00. */
const MINUTE_DIVISORS_S = [60, 30, 20, 15, 12, 10, 6, 5, 4, 3, 2, 1]

/**
 * How often the staleness check is due, and so how often the in-process scheduler ticks: every
 * minute, unless a third of `alerting.stale_threshold` is shorter; then the longest divisor of a
 * minute within that third (a 3s threshold ticks every second). A silent node is noticed at most
 * a third of the threshold late, and the default 30m threshold ticks once a minute.
 */
export function tickIntervalMs(config: HubConfig): number {
  const third = durationMs(config.alerting.stale_threshold) / 3
  return (MINUTE_DIVISORS_S.find((s) => s * 1000 <= third) ?? 1) * 1000
}

/**
 * Throws a readable error for a pattern croner cannot parse. Parsed afresh each time: the jobs ask
 * a few times a minute, and a cache would be module-level state.
 */
export function cronOf(s: { pattern: string; timezone: string }): Cron {
  try {
    // Without a callback croner only computes dates: no timer is started.
    return new Cron(s.pattern, { timezone: s.timezone, mode: '5-part' })
  } catch (err) {
    throw new Error(`invalid cron pattern "${s.pattern}": ${(err as Error).message}`)
  }
}

/**
 * The latest slot at or before `now`, as an ISO instant, or null if the pattern never fired.
 * croner's previousRuns excludes a run exactly at the reference instant, hence the +1 ms. A fixed
 * local time that falls in the spring gap fires once right after it; one that occurs twice in
 * autumn fires once (croner's fixed-time rule), so daily jobs get exactly one slot per local day.
 */
export function latestSlot(s: JobSchedule, now: Date): string | null {
  if ('everyMs' in s) return intervalSlot(s.everyMs, now)
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

/** The Budapest wall clock at an instant, as numbers (month 1–12, hour 0–23). */
export interface BudapestParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: BUDAPEST,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The Budapest wall clock at `at` (ms or Date): what emails, forms and reports show. */
export function budapestParts(at: number | Date): BudapestParts {
  const p = Object.fromEntries(partsFormat.formatToParts(new Date(at)).map((x) => [x.type, x.value]))
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
  }
}
