// Fleet-wide outage: when more than half of the monitored nodes go stale (or down) together, the
// cause is almost always shared (the hub's network, DNS, an upstream outage). The operator then
// gets one email naming them instead of one per node.
import { durationMs } from '../core/config.js'
import type { Env } from '../core/env.js'
import type { StoredEvent } from '../store/events.js'
import { monitoredCount, staleWave, type WaveNode } from '../store/fleet.js'
import { claimSend, type NewEntry } from '../store/notification-log.js'
import { deliverClaimed, skip, type Decision, type DeliverOptions } from './deliver.js'
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
 * This node's operator email is skipped as part of the wave; the first dispatcher of the wave to
 * claim the fleet slot (one per event type within the operator cooldown) sends the one email.
 */
export async function fleetDecisions(
  env: Env,
  event: StoredEvent,
  entry: NewEntry & { recipient: string },
  wave: Wave,
  opts: DeliverOptions,
): Promise<Decision[]> {
  const own = await skip(env, entry, 'fleet_outage')
  if (own.status === 'duplicate') return [own]
  const now = env.clock.now().getTime()
  const email = fleetOutageEmail(
    event.eventType,
    wave.nodes,
    wave.monitored,
    now,
    env.config.server.public_url,
  )
  const fleetEntry: NewEntry & { recipient: string } = {
    ...entry,
    customerId: null,
    eventType: `fleet_outage:${event.eventType}`,
    severity: 'error',
    subject: email.subject,
    body: email.text,
    idempotencyKey: `fleet:${event.eventType}:event:${event.id}:operator:${entry.recipient}`,
  }
  const slot = Math.max(durationMs(env.config.notifications.operator_cooldown), FLEET_WINDOW_MS)
  // A lost claim needs no row of its own: this node's `fleet_outage` skip already records it.
  const claim = await claimSend(env.db, fleetEntry, now, { since: now - slot })
  if (!claim.claimed) return [own]
  const addressed = { ...email, to: entry.recipient, idempotencyKey: fleetEntry.idempotencyKey }
  const fleet = await deliverClaimed(env, claim.id, 'operator', addressed, opts)
  return [own, fleet]
}
