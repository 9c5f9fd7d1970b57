// How much of a month a node was available, for the monthly report: the uptime of the on-call
// pages (lib/oncall/uptime.ts: state changes, ok and warn up, stale, down and error down,
// maintenance windows counted as neither), over the calendar month.
import type { Env } from '../core/env.js'
import { minutesUpAndDown } from '../oncall/uptime.js'
import type { Customer } from '../store/customers.js'
import { windowsBetween } from '../store/maintenance-windows.js'
import { changesFor } from '../store/state-changes.js'

const MIN = 60_000

export interface Availability {
  /** 0–100 */
  percent: number
  /** Time the node was down within the observed span (maintenance left out). */
  downMs: number
  /** The observed span: the month, or from the node's first known state when that came later. */
  from: number
  to: number
}

/** Availability over [from, to) (clipped to now); null when the hub knew no state of the node then. */
export async function availabilityFor(
  env: Env,
  c: Customer,
  from: number,
  to: number,
): Promise<Availability | null> {
  const end = Math.min(to, env.clock.now().getTime())
  if (end <= from) return null
  const [changes, windows] = await Promise.all([
    changesFor(env.db, from, end, c.customerId),
    windowsBetween(env.db, from, end, c.customerId),
  ])
  if (changes.length === 0) return null
  const { up, down } = minutesUpAndDown(changes, windows, from, end)
  if (up + down === 0) return null
  return {
    percent: (up / (up + down)) * 100,
    downMs: down * MIN,
    from: Math.max(from, changes[0].at),
    to: end,
  }
}
