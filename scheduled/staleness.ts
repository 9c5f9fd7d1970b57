// Every minute: which nodes stopped reporting, and which came back. The hub's receive time of the
// latest report drives it (a controller's wrong clock cannot hide an outage).
//
// Per node the state moves ok → stale → down → ok. Each move is a compare-and-set on alert_state
// and only the run whose CAS landed records the event, so concurrent runs cannot double it; the
// event's dedupe key (transition + customer + the last report time) is a second guard.
//
// The hub's own outage is not the node's: silence is counted from when this hub process started
// (recorded at boot), so a restart after an hour's outage does not declare every node down and
// email every customer; nodes get one threshold after the restart to report. Recovery still needs
// a real fresh report. A node that jumps from ok straight past 2 × threshold (the threshold was
// lowered) gets node_down only: a node_stale in the same second would say less than the error
// next to it and double the emails for one outage. Blocked and monitoring-disabled nodes are skipped
// and keep whatever state they had; their next fresh report (once watched again) resolves it.
import { iso } from '../lib/core/clock.js'
import { durationMs } from '../lib/core/config.js'
import type { Env } from '../lib/core/env.js'
import { recordHubEvent } from '../lib/events/record.js'
import { HUB_EVENT_SEVERITY } from '../lib/events/types.js'
import { allAlertStates, casAlertState, type AlertState } from '../lib/store/alert-state.js'
import { listCustomers, type Customer } from '../lib/store/customers.js'
import { hubStartedAt } from '../lib/store/hub-state.js'
import { checkEndedWindows } from '../lib/oncall/maintenance-end.js'
import { recordStateChange, type NodeState } from '../lib/store/state-changes.js'

const RANK: Record<AlertState, number> = { ok: 0, stale: 1, down: 2 }

export type StalenessSummary = {
  ok: true
  checked: number
  stale: number
  down: number
  recovered: number
  /** maintenance_ended_down events: windows that ended with their node still stale or down. */
  maintenance_ended_down: number
}

type Transition = 'node_stale' | 'node_down' | 'node_recovered'

/** Where a node should be, given the age of its latest report. */
export function targetState(ageMs: number, thresholdMs: number): AlertState {
  if (ageMs > 2 * thresholdMs) return 'down'
  if (ageMs > thresholdMs) return 'stale'
  return 'ok'
}

function transitionFor(from: AlertState, to: AlertState): Transition | null {
  if (from === to) return null
  if (to === 'ok') return 'node_recovered'
  if (to === 'down') return 'node_down'
  // down → stale only happens when the threshold is raised mid-outage: not a recovery, stay down.
  return from === 'ok' ? 'node_stale' : null
}

const watched = (c: Customer) => !c.blocked && c.lastReportAt !== null && c.monitoringEnabled !== false

export async function checkStaleness(env: Env): Promise<StalenessSummary> {
  const now = env.clock.now().getTime()
  const thresholdMs = durationMs(env.config.alerting.stale_threshold)
  const customers = (await listCustomers(env.db)).filter(watched)
  const states = await allAlertStates(env.db)
  const summary: StalenessSummary = {
    ok: true,
    checked: customers.length,
    stale: 0,
    down: 0,
    recovered: 0,
    maintenance_ended_down: 0,
  }
  const watchingSince = await hubStartedAt(env.db)

  for (const c of customers) {
    const from = states.get(c.customerId) ?? 'ok'
    // Escalate on silence the hub was up to witness; recover only on a real fresh report.
    const witnessed = targetState(now - Math.max(c.lastReportAt!, watchingSince), thresholdMs)
    const real = targetState(now - c.lastReportAt!, thresholdMs)
    const to = real === 'ok' ? 'ok' : RANK[witnessed] > RANK[from] ? witnessed : from
    const transition = transitionFor(from, to)
    if (!transition) continue
    // 1. Claim the transition; a concurrent run that got there first wins and reports it.
    if (!(await casAlertState(env.db, c.customerId, from, to, now))) continue
    // 2. Record it: the state change first (uptime, and what an acknowledgement is bound to, so
    //    the event's dispatch already sees the new state), then the event. If that fails, put the
    //    alert state back so the next minute tries again.
    try {
      await recordStateChange(env.db, stateChangeFor(c, to, thresholdMs, watchingSince, now))
      const event = await recordHubEvent(env, eventFor(c, transition, thresholdMs, now))
      if (event) summary[to === 'ok' ? 'recovered' : to] += 1
    } catch (err) {
      await casAlertState(env.db, c.customerId, to, from, now).catch(() => {})
      throw err
    }
  }
  // 3. Maintenance windows that ended with their node still stale or down.
  summary.maintenance_ended_down = await checkEndedWindows(env)
  return summary
}

const HEALTH_STATE: Record<string, NodeState> = { ok: 'ok', warn: 'ok', fail: 'error' }

/**
 * The state change a transition makes, at the instant the state began: the threshold (twice it for
 * down) after the latest report, or after the hub's start when it was not up to witness the
 * silence; a recovery at the report that ended it.
 */
function stateChangeFor(
  c: Customer,
  to: AlertState,
  thresholdMs: number,
  watchingSince: number,
  now: number,
) {
  const basis = Math.max(c.lastReportAt!, watchingSince)
  if (to === 'ok')
    return { customerId: c.customerId, at: c.lastReportAt!, state: HEALTH_STATE[c.health ?? 'ok'] ?? 'ok' }
  const at = Math.min(now, basis + (to === 'down' ? 2 : 1) * thresholdMs)
  return { customerId: c.customerId, at, state: to }
}

function eventFor(c: Customer, type: Transition, thresholdMs: number, now: number) {
  const last = iso(c.lastReportAt!)
  const name = c.displayName || c.hostname || c.customerId
  const minutes = Math.round((now - c.lastReportAt!) / 60_000)
  const threshold = Math.round(thresholdMs / 60_000)
  const message = {
    node_stale:
      `${name} has not reported for ${minutes} min (threshold ${threshold} min); ` + `last report ${last}`,
    node_down: `${name} has not reported for ${minutes} min and is considered down; last report ${last}`,
    node_recovered: `${name} is reporting again (report received ${last})`,
  }[type]
  return {
    customerId: c.customerId,
    eventType: type,
    severity: HUB_EVENT_SEVERITY[type],
    message,
    details: { last_report_at: last, threshold_seconds: thresholdMs / 1000 },
    dedupeKey: `${type}:${c.customerId}:${c.lastReportAt}`,
  }
}
