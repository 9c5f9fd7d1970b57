// The operator's side of a dispatch: one decision per customer, event type and cooldown window,
// fanned out to every destination (the email, and each push channel of notifications.channels).
// The cooldown is a row of its own (notification_decisions), so it holds whichever destinations
// exist, email or not.
import { durationMs } from '../core/config.js'
import { UNCOOLED_EVENT_TYPES } from '../events/types.js'
import type { Env } from '../core/env.js'
import type { Customer } from '../store/customers.js'
import type { StoredEvent } from '../store/events.js'
import { claimDecision } from '../store/notification-decisions.js'
import { currentAck } from '../oncall/acknowledge.js'
import { maintenanceAt } from '../oncall/maintenance.js'
import { skip, type Decision } from './deliver.js'
import { destinations, fanOut, skipAll, type Destination, type OperatorOptions } from './fan-out.js'
import { fleetDecisions, fleetOutage } from './fleet.js'
import type { RenderedEmail } from './format.js'
import { eventPushContent, type PushContent } from './push/render.js'
import { operatorEventEmail } from './templates.js'

export type { OperatorOptions } from './fan-out.js'

/** What each kind of destination sends. */
export interface Rendered {
  email: RenderedEmail
  push: PushContent
}

const withContent = (d: Destination, r: Rendered): Destination => ({
  ...d,
  entry:
    d.kind === 'email'
      ? { ...d.entry, subject: r.email.subject, body: r.email.text }
      : { ...d.entry, subject: r.push.title, body: r.push.text },
})

export async function operatorChannels(
  env: Env,
  event: StoredEvent,
  customer: Customer | null,
  opts: OperatorOptions,
): Promise<Decision[]> {
  const all = destinations(env, event, `event:${event.id}`)
  const email = all[0]
  // 1. Who must not or need not hear: the order makes the logged reason the most telling one. The
  //    push channels are logged from here on only: an info event is never theirs.
  if (customer?.blocked) return [await skip(env, email.entry, 'blocked')]
  if (event.severity !== 'warning' && event.severity !== 'error')
    return [await skip(env, email.entry, 'not_warning')]
  const live = all.filter((d) => d.reason === null)
  if (live.length === 0) return skipAll(env, all, 'not_configured')
  if (event.customerId && (await maintenanceAt(env, event.customerId, event.receivedAt)))
    return skipAll(env, all, 'maintenance')
  if (event.customerId && (await currentAck(env, event.customerId))) return skipAll(env, all, 'acknowledged')

  // 2. Render, so even a skipped row says what it would have been.
  const ref = event.customerId
    ? { customerId: event.customerId, displayName: customer?.displayName ?? '' }
    : null
  const rendered: Rendered = {
    email: operatorEventEmail(event, ref, env.config.server.public_url),
    push: eventPushContent(event, ref),
  }
  const dests = all.map((d) => withContent(d, rendered))

  // 3. Many nodes going silent together: one fleet message instead of this one.
  const wave = await fleetOutage(env, event)
  if (wave) return fleetDecisions(env, event, dests, wave, opts)

  // 4. The decision: one per customer and type within the operator cooldown (none for the types
  //    that matter every time: an empty window leaves only the event's own decision key).
  const now = env.clock.now().getTime()
  const cooldown = UNCOOLED_EVENT_TYPES.includes(event.eventType)
    ? 0
    : durationMs(env.config.notifications.operator_cooldown)
  const since = now - cooldown
  const claim = await claimDecision(
    env.db,
    { key: `event:${event.id}:operator`, customerId: event.customerId, eventType: event.eventType, since },
    now,
  )
  if (claim === 'cooldown') return skipAll(env, dests, 'cooldown')
  return fanOut(env, dests, rendered.email, event.customerId, opts)
}
