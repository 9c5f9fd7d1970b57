// Deciding who hears about a stored event. Runs after the response (env.defer), never on the
// request path. Every decision of every channel lands in notification_log exactly once, keyed by
// event, channel and recipient, so running dispatch twice (even concurrently) changes nothing.
import { durationMs } from '../core/config.js'
import type { Env } from '../core/env.js'
import { errorFields } from '../core/log.js'
import { getCustomer, type Customer } from '../store/customers.js'
import type { StoredEvent } from '../store/events.js'
import type { NewEntry } from '../store/notification-log.js'
import { getPreferences } from '../store/preferences.js'
import { claimAndDeliver, skip, type Decision, type DeliverOptions } from './deliver.js'
import { fleetDecisions, fleetOutage } from './fleet.js'
import { customerEventEmail, operatorEventEmail } from './templates.js'

export type { Decision } from './deliver.js'
export type DispatchOptions = DeliverOptions

interface Context {
  env: Env
  event: StoredEvent
  customer: Customer | null
  opts: DispatchOptions
}

export async function dispatchEvent(
  env: Env,
  event: StoredEvent,
  opts: DispatchOptions = {},
): Promise<Decision[]> {
  const customer = event.customerId ? await getCustomer(env.db, event.customerId) : null
  const ctx: Context = { env, event, customer, opts }
  const results = await Promise.allSettled([operatorChannel(ctx), customerChannel(ctx)])
  const decisions: Decision[] = []
  for (const r of results) {
    if (r.status === 'fulfilled') decisions.push(...r.value)
    else env.log.error('notification dispatch failed', { event_id: event.id, ...errorFields(r.reason) })
  }
  return decisions
}

function entryFor(ctx: Context, channel: 'operator' | 'customer', recipient: string | null): NewEntry {
  const e = ctx.event
  return {
    customerId: e.customerId,
    eventId: e.id,
    channel,
    recipient,
    eventType: e.eventType,
    severity: e.severity,
    subject: null,
    body: null,
    idempotencyKey: `event:${e.id}:${channel}:${recipient ?? '-'}`,
  }
}

async function operatorChannel(ctx: Context): Promise<Decision[]> {
  const { env, event } = ctx
  const n = env.config.notifications
  const recipient = n.operator_email.trim() || null
  const entry = entryFor(ctx, 'operator', recipient)
  // 1. Who must not or need not hear: the order makes the logged reason the most telling one.
  if (ctx.customer?.blocked) return [await skip(env, entry, 'blocked')]
  if (event.severity !== 'warning' && event.severity !== 'error')
    return [await skip(env, entry, 'not_warning')]
  if (!n.operator_enabled) return [await skip(env, entry, 'disabled')]
  if (!recipient) return [await skip(env, entry, 'no_recipient')]
  if (!n.resend_api_key) return [await skip(env, entry, 'not_configured')]

  // 2. Render, so even a skipped row says what it would have been.
  const ref = event.customerId
    ? { customerId: event.customerId, displayName: ctx.customer?.displayName ?? '' }
    : null
  const email = operatorEventEmail(event, ref, env.config.server.public_url)
  const withEmail = { ...entry, recipient, subject: email.subject, body: email.text }

  // 3. Many nodes going silent together: one fleet email instead of this one.
  const wave = await fleetOutage(env, event)
  if (wave) return fleetDecisions(env, event, withEmail, wave, ctx.opts)

  // 4. Claim the cooldown slot (per customer and type) and send.
  const since = env.clock.now().getTime() - durationMs(n.operator_cooldown)
  return [await claimAndDeliver(env, withEmail, email, { since }, ctx.opts)]
}

async function customerChannel(ctx: Context): Promise<Decision[]> {
  const { env, event } = ctx
  // A fleet-wide hub event concerns no household: the operator alone hears of it.
  if (event.customerId === null) return []
  const n = env.config.notifications
  const prefs = await getPreferences(env.db, event.customerId)
  const recipient = prefs?.email.trim() || null
  const entry = entryFor(ctx, 'customer', recipient)
  if (ctx.customer?.blocked) return [await skip(env, entry, 'blocked')]
  if (!prefs || !prefs.enabledEvents.includes(event.eventType))
    return [await skip(env, entry, 'no_preference')]
  if (!n.customer_enabled) return [await skip(env, entry, 'disabled')]
  if (!recipient) return [await skip(env, entry, 'no_recipient')]
  if (!n.resend_api_key) return [await skip(env, entry, 'not_configured')]

  const email = customerEventEmail(
    { ...event, customerId: event.customerId },
    ctx.customer?.displayName ?? '',
  )
  const withEmail = { ...entry, recipient, subject: email.subject, body: email.text }
  const hours = Number.isFinite(prefs.cooldownHours) ? prefs.cooldownHours : n.customer_cooldown_hours
  const since = env.clock.now().getTime() - hours * 3_600_000
  return [await claimAndDeliver(env, withEmail, email, { since }, ctx.opts)]
}
