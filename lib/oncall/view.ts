// What the dashboard shows of on call: for one customer (the detail page) and for the fleet.
import type { Env } from '../core/env.js'
import { acksOfCurrentStates, getAck, type Acknowledgement } from '../store/acknowledgements.js'
import { currentAndPlanned, type MaintenanceWindow } from '../store/maintenance-windows.js'
import { currentState } from '../store/state-changes.js'
import { isAckable } from './ack-link.js'
import { nextMorning } from './presets.js'
import { customerUptime, fleetUptime, type Uptime } from './uptime.js'

export interface CustomerOnCall {
  /** Running and planned windows that cover the customer (its own and the fleet's). */
  windows: MaintenanceWindow[]
  /** The state the operator may acknowledge now, if any. */
  ackable: { state: string; since: number } | null
  ack: Acknowledgement | null
  uptime: Uptime
  /** Where "until 08:00" would end a window started now. */
  morning: number
}

export async function customerOnCall(env: Env, customerId: string): Promise<CustomerOnCall> {
  const now = env.clock.now().getTime()
  const [windows, state, uptime] = await Promise.all([
    currentAndPlanned(env.db, now, customerId),
    currentState(env.db, customerId),
    customerUptime(env, customerId),
  ])
  const ackable = state && isAckable(state.state) ? { state: state.state, since: state.at } : null
  const ack = ackable ? await getAck(env.db, customerId, ackable.state, ackable.since) : null
  return { windows, ackable, ack, uptime, morning: nextMorning(now) }
}

export interface FleetOnCall {
  acks: Map<string, Acknowledgement>
  uptime30d: Map<string, number | null>
  /** Running and planned fleet-wide windows. */
  fleetWindows: MaintenanceWindow[]
  morning: number
}

export async function fleetOnCall(env: Env, customerIds?: string[]): Promise<FleetOnCall> {
  const now = env.clock.now().getTime()
  const [acks, uptime30d, windows] = await Promise.all([
    acksOfCurrentStates(env.db),
    fleetUptime(env, '30d', customerIds),
    currentAndPlanned(env.db, now),
  ])
  return {
    acks,
    uptime30d,
    fleetWindows: windows.filter((w) => w.customerId === null),
    morning: nextMorning(now),
  }
}
