// Deciding who hears about a stored event. Runs after the response (env.defer), never on the
// request path. Every decision of every channel lands in notification_log exactly once, keyed by
// event, channel and recipient, so running dispatch twice (even concurrently) changes nothing.
import type { Env } from '../core/env.js'
import { errorFields } from '../core/log.js'
import { getCustomer, type Customer } from '../store/customers.js'
import type { StoredEvent } from '../store/events.js'
import type { NewEntry } from '../store/notification-log.js'
import { getPreferences } from '../store/preferences.js'
import { maintenanceAt } from '../oncall/maintenance.js'
import { claimAndDeliver, skip, type Decision } from './deliver.js'
import { operatorChannels, type OperatorOptions } from './operator.js'
import { customerEventEmail } from './templates.js'

export type { Decision } from './deliver.js'
export type DispatchOptions = OperatorOptions

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
  const results = await Promise.allSettled([
    operatorChannels(env, event, customer, opts),
    customerChannel(ctx),
  ])
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
  // A maintenance window: recorded, not sent (the operator's side says the same).
  if (await maintenanceAt(env, event.customerId, event.receivedAt))
    return [await skip(env, entry, 'maintenance')]

  const email = customerEventEmail(
    { ...event, customerId: event.customerId },
    ctx.customer?.displayName ?? '',
  )
  const withEmail = { ...entry, recipient, subject: email.subject, body: email.text }
  const hours = Number.isFinite(prefs.cooldownHours) ? prefs.cooldownHours : n.customer_cooldown_hours
  const since = env.clock.now().getTime() - hours * 3_600_000
  return [await claimAndDeliver(env, withEmail, email, { since }, ctx.opts)]
}
