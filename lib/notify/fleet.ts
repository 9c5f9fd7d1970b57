// Fleet-wide outage: when more than half of the monitored nodes go stale (or down) together, the
// cause is almost always shared (the hub's network, DNS, an upstream outage). The operator then
// gets one message naming them (by email and on every push channel) instead of one per node.
import { durationMs } from '../core/config.js'
import type { Env } from '../core/env.js'
import type { StoredEvent } from '../store/events.js'
import { monitoredCount, staleWave, type WaveNode } from '../store/fleet.js'
import { claimDecision } from '../store/notification-decisions.js'
import type { Decision } from './deliver.js'
import { destinations, fanOut, skipAll, type Destination, type OperatorOptions } from './fan-out.js'
import { fleetOutageEmail } from './templates.js'

export const FLEET_WINDOW_MS = 5 * 60_000
const FLEET_TYPES = new Set(['node_stale', 'node_down'])

export interface Wave {
  nodes: WaveNode[]
  monitored: number
}

/** The wave this event belongs to, when it is fleet-wide; null for an ordinary single-node event. */
export async function fleetOutage(env: Env, event: StoredEvent): Promise<Wave | null> {
  if (!FLEET_TYPES.has(event.eventType)) return null
  const stale = durationMs(env.config.alerting.stale_threshold)
  const thresholdMs = event.eventType === 'node_down' ? 2 * stale : stale
  const now = env.clock.now().getTime()
  const [monitored, nodes] = await Promise.all([
    monitoredCount(env.db),
    staleWave(env.db, { eventType: event.eventType, thresholdMs, windowMs: FLEET_WINDOW_MS, now }),
  ])
  // Two nodes at least: one silent node of a one-node fleet is just that node.
  const fleetWide =
    nodes.length >= 2 && nodes.length * 2 > monitored && nodes.some((n) => n.customerId === event.customerId)
  return fleetWide ? { nodes, monitored } : null
}

/**
 * This node's operator message is skipped as part of the wave; the first dispatcher of the wave to
 * take the fleet decision (one per event type within the operator cooldown) sends the one message
 * to every destination.
 */
export async function fleetDecisions(
  env: Env,
  event: StoredEvent,
  dests: Destination[],
  wave: Wave,
  opts: OperatorOptions,
): Promise<Decision[]> {
  const own = await skipAll(env, dests, 'fleet_outage')
  if (own.every((d) => d.status === 'duplicate')) return own
  const now = env.clock.now().getTime()
  const email = fleetOutageEmail(
    event.eventType,
    wave.nodes,
    wave.monitored,
    now,
    env.config.server.public_url,
  )
  const prefix = `fleet:${event.eventType}:event:${event.id}`
  const slot = Math.max(durationMs(env.config.notifications.operator_cooldown), FLEET_WINDOW_MS)
  const fleetType = `fleet_outage:${event.eventType}`
  // A lost claim needs no row of its own: this node's `fleet_outage` skips already record it.
  const claim = await claimDecision(
    env.db,
    { key: prefix, customerId: null, eventType: fleetType, since: now - slot },
    now,
  )
  if (claim === 'cooldown') return own
  const fleetEvent = { ...event, customerId: null, eventType: fleetType, severity: 'error' as const }
  const push = { title: email.subject.replace(/^\[felhom\] ERROR /, 'Felhom '), text: email.text }
  const fleetDests = destinations(env, fleetEvent, prefix).map((d) => ({
    ...d,
    entry: {
      ...d.entry,
      subject: d.kind === 'email' ? email.subject : push.title,
      body: d.kind === 'email' ? email.text : push.text,
    },
  }))
  // Only where this node's message would have gone (the same configuration, so the same places).
  const live = new Set(dests.filter((d) => d.reason === null).map((d) => d.entry.recipient))
  const fleet = await fanOut(
    env,
    fleetDests.filter((d) => d.reason === null && live.has(d.entry.recipient)),
    email,
    null,
    opts,
  )
  return [...own, ...fleet]
}
