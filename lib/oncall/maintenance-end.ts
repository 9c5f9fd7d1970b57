// When a maintenance window ends with its node still stale or down (or failing), the operator is
// told once: a hub event maintenance_ended_down (warning), per customer for a customer's window,
// one naming the nodes for a fleet-wide window. Run by the staleness job every tick; each window is
// looked at once (markEndChecked), and the event's dedupe key holds even if two runs overlap. A
// node still covered by another window is left to that window's end; a node that went stale only
// after the window ended gets the ordinary node_stale instead.
import type { Env } from '../core/env.js'
import { recordHubEvent } from '../events/record.js'
import { HUB_EVENT_SEVERITY } from '../events/types.js'
import { budapestTime } from '../notify/format.js'
import { listCustomers, type Customer } from '../store/customers.js'
import { endedUnchecked, markEndChecked, type MaintenanceWindow } from '../store/maintenance-windows.js'
import { currentState, type StateChange } from '../store/state-changes.js'
import { isAckable } from './ack-link.js'
import { maintenanceAt } from './maintenance.js'

const BATCH = 50
const watched = (c: Customer) => !c.blocked && c.lastReportAt !== null && c.monitoringEnabled !== false

interface StillDown {
  customer: Customer
  state: StateChange
}

async function stillDown(env: Env, w: MaintenanceWindow, customers: Customer[]): Promise<StillDown[]> {
  const now = env.clock.now().getTime()
  const out: StillDown[] = []
  for (const c of customers) {
    if (w.customerId !== null && c.customerId !== w.customerId) continue
    if (!watched(c) || (await maintenanceAt(env, c.customerId, now))) continue
    const s = await currentState(env.db, c.customerId)
    if (s && isAckable(s.state) && s.at <= w.effectiveEnd) out.push({ customer: c, state: s })
  }
  return out
}

const name = (c: Customer) => c.displayName || c.hostname || c.customerId
const WORDS = { stale: 'stale (not reporting)', down: 'down (not reporting)', error: 'failing (health fail)' }

/** Looks at the windows that ended since the last run; returns how many events it recorded. */
export async function checkEndedWindows(env: Env): Promise<number> {
  const now = env.clock.now().getTime()
  const windows = await endedUnchecked(env.db, now, BATCH)
  if (windows.length === 0) return 0
  const customers = await listCustomers(env.db)
  let told = 0
  for (const w of windows) {
    // A window cancelled before it began covered nothing.
    const down = w.effectiveEnd > w.startsAt ? await stillDown(env, w, customers) : []
    const ended = budapestTime(w.effectiveEnd)
    const severity = HUB_EVENT_SEVERITY.maintenance_ended_down
    if (w.customerId !== null && down.length > 0) {
      const { customer: c, state } = down[0]
      const event = await recordHubEvent(env, {
        customerId: c.customerId,
        eventType: 'maintenance_ended_down',
        severity,
        message: `${name(c)} is still ${WORDS[state.state as keyof typeof WORDS]} after its maintenance window ended (${ended})`,
        details: { window_id: w.id, state: state.state, reason: w.reason || null },
        dedupeKey: `maintenance_ended_down:${w.id}:${c.customerId}`,
      })
      if (event) told++
    } else if (w.customerId === null && down.length > 0) {
      const list = down.slice(0, 20).map((d) => `${d.customer.customerId} (${d.state.state})`)
      const more = down.length > 20 ? ` and ${down.length - 20} more` : ''
      const event = await recordHubEvent(env, {
        customerId: null,
        eventType: 'maintenance_ended_down',
        severity,
        message: `${down.length} node(s) still stale or down after the fleet-wide maintenance window ended (${ended}): ${list.join(', ')}${more}`,
        details: { window_id: w.id, nodes: down.map((d) => d.customer.customerId), reason: w.reason || null },
        dedupeKey: `maintenance_ended_down:${w.id}`,
      })
      if (event) told++
    }
    await markEndChecked(env.db, w.id, now)
  }
  return told
}
