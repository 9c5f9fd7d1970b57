// Maintenance windows as the rest of the hub asks about them: is this customer in one now, and
// until when. A fleet-wide window (customer_id NULL) covers every customer.
import type { Env } from '../core/env.js'
import { currentAndPlanned, windowsBetween, type MaintenanceWindow } from '../store/maintenance-windows.js'

/** The window covering the customer at `at` (the one ending last), or null. */
export async function maintenanceAt(
  env: Env,
  customerId: string,
  at: number,
): Promise<MaintenanceWindow | null> {
  const windows = await windowsBetween(env.db, at, at + 1, customerId)
  return windows.reduce<MaintenanceWindow | null>(
    (last, w) => (!last || w.effectiveEnd > last.effectiveEnd ? w : last),
    null,
  )
}

/** The end of the window each customer is in right now; `fleet` for the fleet-wide ones. */
export async function maintenanceUntil(
  env: Env,
  customerId?: string,
): Promise<{ byCustomer: Map<string, number>; fleet: number | null }> {
  const now = env.clock.now().getTime()
  const byCustomer = new Map<string, number>()
  let fleet: number | null = null
  for (const w of await currentAndPlanned(env.db, now, customerId)) {
    if (w.startsAt > now) continue
    if (w.customerId === null) fleet = Math.max(fleet ?? 0, w.effectiveEnd)
    else byCustomer.set(w.customerId, Math.max(byCustomer.get(w.customerId) ?? 0, w.effectiveEnd))
  }
  return { byCustomer, fleet }
}

/** One customer's maintenance end now, from maintenanceUntil's answer. */
export function untilFor(m: Awaited<ReturnType<typeof maintenanceUntil>>, customerId: string): number | null {
  const own = m.byCustomer.get(customerId) ?? null
  if (own === null) return m.fleet
  return m.fleet === null ? own : Math.max(own, m.fleet)
}
