// Availability per customer over the last 24 h, 30 d and 90 d, from its state changes: ok and warn
// count as up; error, stale and down as down; time in a maintenance window counts as neither, and
// so does time before the first state the hub knows. To the minute: every instant is taken at its
// whole minute (UTC), so a day is 1440 minutes whatever the Budapest clock does that day. The
// percentage is rounded down to two decimals (a minute of downtime in 30 days shows as 99.99,
// never as 100), and null when the period has no minute of data.
import type { Env } from '../core/env.js'
import { windowsBetween, type MaintenanceWindow } from '../store/maintenance-windows.js'
import { changesFor, type StateChange } from '../store/state-changes.js'

const MIN = 60_000
const DAY = 86_400_000
export const UPTIME_PERIODS = { '24h': DAY, '30d': 30 * DAY, '90d': 90 * DAY } as const
export type UptimePeriod = keyof typeof UPTIME_PERIODS
export type Uptime = Record<UptimePeriod, number | null>

const UP = new Set(['ok', 'warn'])

type Span = [number, number]

/** Disjoint, sorted minute spans covering the windows. */
function merged(windows: Pick<MaintenanceWindow, 'startsAt' | 'effectiveEnd'>[]): Span[] {
  const spans = windows
    .map((w): Span => [Math.floor(w.startsAt / MIN), Math.floor(w.effectiveEnd / MIN)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0])
  const out: Span[] = []
  for (const s of spans) {
    const last = out[out.length - 1]
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1])
    else out.push([...s])
  }
  return out
}

const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]))

/**
 * The whole minutes of [from, to) a customer was up and down, maintenance left out of both.
 * `changes`: its changes oldest first, starting with its state at `from` or earlier; `windows`:
 * the maintenance windows that concern it.
 */
export function minutesUpAndDown(
  changes: Pick<StateChange, 'at' | 'state'>[],
  windows: Pick<MaintenanceWindow, 'startsAt' | 'effectiveEnd'>[],
  from: number,
  to: number,
): { up: number; down: number } {
  const period: Span = [Math.floor(from / MIN), Math.floor(to / MIN)]
  const maintenance = merged(windows)
  let up = 0
  let down = 0
  for (let i = 0; i < changes.length; i++) {
    const start = Math.floor(changes[i].at / MIN)
    const end = i + 1 < changes.length ? Math.floor(changes[i + 1].at / MIN) : period[1]
    const span: Span = [Math.max(start, period[0]), Math.min(end, period[1])]
    if (span[1] <= span[0]) continue
    const minutes = span[1] - span[0] - maintenance.reduce((n, m) => n + overlap(span, m), 0)
    if (UP.has(changes[i].state)) up += minutes
    else down += minutes
  }
  return { up, down }
}

/** The percentage of [from, to) a customer was up (see minutesUpAndDown); null without data. */
export function availability(
  changes: Pick<StateChange, 'at' | 'state'>[],
  windows: Pick<MaintenanceWindow, 'startsAt' | 'effectiveEnd'>[],
  from: number,
  to: number,
): number | null {
  const { up, down } = minutesUpAndDown(changes, windows, from, to)
  const total = up + down
  return total === 0 ? null : Math.floor((up * 10_000) / total) / 100
}

/** The three periods for one customer, from one read of its last 90 days. */
export async function customerUptime(env: Env, customerId: string): Promise<Uptime> {
  const now = env.clock.now().getTime()
  const from = now - UPTIME_PERIODS['90d']
  const [changes, windows] = await Promise.all([
    changesFor(env.db, from, now, customerId),
    windowsBetween(env.db, from, now, customerId),
  ])
  const of = (p: UptimePeriod) => availability(changes, windows, now - UPTIME_PERIODS[p], now)
  return { '24h': of('24h'), '30d': of('30d'), '90d': of('90d') }
}

/** One period for the given customers (a page of the fleet's 30-day column), or for every one. */
export async function fleetUptime(
  env: Env,
  period: UptimePeriod,
  customerIds?: string[],
): Promise<Map<string, number | null>> {
  const now = env.clock.now().getTime()
  const from = now - UPTIME_PERIODS[period]
  const [changes, windows] = await Promise.all([
    changesFor(env.db, from, now, customerIds),
    windowsBetween(env.db, from, now),
  ])
  const byCustomer = new Map<string, StateChange[]>()
  for (const c of changes) {
    const list = byCustomer.get(c.customerId)
    if (list) list.push(c)
    else byCustomer.set(c.customerId, [c])
  }
  const fleetWide = windows.filter((w) => w.customerId === null)
  const out = new Map<string, number | null>()
  for (const [id, list] of byCustomer) {
    const own = windows.filter((w) => w.customerId === id)
    out.set(id, availability(list, [...own, ...fleetWide], from, now))
  }
  return out
}
