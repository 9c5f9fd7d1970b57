// How hub.yaml's schedule values become job schedules. Shared by lib/core/config.ts (which refuses a
// value that cannot become one, naming the key) and lib/jobs/schedule.ts (which builds the schedules).
//
// Two kinds, and the slot key of each must be stable for every tick within one period:
// - a cron pattern in a time zone: a daily time (prune at "04:30", Budapest) or a 5-field cron;
// - a fixed interval: slots at whole multiples of it since the Unix epoch, in UTC. For an
//   interval that divides a day (30m, 1h, 6h) those are exactly the instants the equivalent
//   cron would give (`*/30 * * * *` → :00 and :30 UTC), so the slot keys recorded by earlier
//   versions stay the same; any other interval (45m, 7d) still gets one stable slot per period.
import { Cron } from 'croner'

export type JobSchedule = { pattern: string; timezone: string } | { everyMs: number }

/** "HH:MM" as the Go hub wrote prune_schedule: a daily local time. */
const DAILY_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/

/**
 * A daily "HH:MM" or a 5-field cron expression, as a cron pattern; null when it is neither. croner
 * reads a bare "04:30" as an ISO date (one run, ever), so the time form is converted first.
 */
export function dailyOrCronPattern(value: string): string | null {
  const time = DAILY_TIME.exec(value.trim())
  const pattern = time ? `${Number(time[2])} ${Number(time[1])} * * *` : value.trim()
  try {
    // Without a callback croner only parses: no timer is started.
    new Cron(pattern, { mode: '5-part', timezone: 'UTC' })
    return pattern
  } catch {
    return null
  }
}

/** The latest multiple of `everyMs` since the epoch at or before `now`. */
export function intervalSlot(everyMs: number, now: Date): string {
  return new Date(Math.floor(now.getTime() / everyMs) * everyMs).toISOString()
}
