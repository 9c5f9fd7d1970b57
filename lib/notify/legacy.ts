// The legacy /api/v1/notify relay: older controllers send a ready-made message for the operator.
// It is logged in notification_log first (pending), then delivered after the response; the outbox
// delivers it if that deferred send never finishes. The push channels get it too (at or above their
// min_severity, not during the customer's maintenance), each as its own row.
import type { InStatement } from '@libsql/client'
import { randomToken } from '../core/crypto.js'
import { errorFields } from '../core/log.js'
import type { Env } from '../core/env.js'
import type { Severity } from '../events/types.js'
import { deliverClaimed, skip, type DeliverOptions } from './deliver.js'
import { LEGACY_EVENT_TYPE, legacyOperatorEmail } from './operator-templates.js'
import { getCustomer } from '../store/customers.js'
import { claimSend, type NewEntry } from '../store/notification-log.js'
import { maintenanceAt } from '../oncall/maintenance.js'
import type { OperatorOptions } from './fan-out.js'
import { oneLine } from './format.js'
import { pushChannels, SEVERITY_RANK } from './push/channels.js'
import { deliverPushClaimed } from './push/deliver.js'
import { pushMessageOf } from './push/render.js'

export interface LegacyNotification {
  customerId: string
  subject: string
  message: string
  severity: Severity
}

/** `along` commits with the log row (an Idempotency-Key's answer); `requestId` names the request. */
type LegacyOptions = OperatorOptions & { along?: InStatement[]; requestId?: string }

/**
 * Logs the notification and schedules its delivery; returns the notification_log row id.
 * `opts.along` commits with the log row (an Idempotency-Key's answer).
 */
export async function relayLegacyNotification(
  env: Env,
  n: LegacyNotification,
  opts: LegacyOptions = {},
): Promise<number | null> {
  const customer = await getCustomer(env.db, n.customerId)
  const token = randomToken(12)
  // The email's row commits with the Idempotency-Key's answer; the channels only once it has.
  const id = await relayEmail(env, n, customer, token, opts)
  const who = { blocked: customer?.blocked ?? false, displayName: customer?.displayName ?? '' }
  await relayToChannels(env, n, who, token, opts)
  return id
}

async function relayEmail(
  env: Env,
  n: LegacyNotification,
  customer: Awaited<ReturnType<typeof getCustomer>>,
  token: string,
  opts: LegacyOptions,
): Promise<number | null> {
  const now = env.clock.now().getTime()
  const cfg = env.config.notifications
  const recipient = cfg.operator_email.trim() || null
  const ref = { customerId: n.customerId, displayName: customer?.displayName ?? '' }
  const email = legacyOperatorEmail(
    { customer: ref, subject: n.subject, message: n.message, severity: n.severity, at: now },
    env.config.server.public_url,
  )
  const entry: NewEntry = {
    customerId: n.customerId,
    eventId: null,
    channel: 'operator',
    recipient,
    eventType: LEGACY_EVENT_TYPE,
    severity: n.severity,
    // Kept as the controller sent them (the email's framing is rebuilt from these, see outbox.ts).
    subject: n.subject,
    body: n.message,
    // The wire gives no id to deduplicate on; a fresh key still makes delivery and outbox agree.
    idempotencyKey: `legacy:${token}:operator:${recipient ?? '-'}`,
  }
  env.log.info('legacy notification received', {
    request_id: opts.requestId,
    customer_id: n.customerId,
    severity: n.severity,
  })

  const reason = skipReason(env, customer?.blocked ?? false, recipient)
  // No event row holds this message, so even a skipped row keeps the text.
  if (reason) return (await skip(env, entry, reason, { keepBody: true, along: opts.along })).logId ?? null

  const claim = await claimSend(env.db, entry, now, undefined, opts.along)
  if (!claim.claimed) return null
  const addressed = { ...email, to: recipient!, idempotencyKey: entry.idempotencyKey }
  env.defer(
    deliverClaimed(env, claim.id, 'operator', addressed, opts).catch((err) =>
      env.log.error('legacy notification delivery failed', { log_id: claim.id, ...errorFields(err) }),
    ),
  )
  return claim.id
}

/** The push channels' share of a legacy message: one row each, delivered after the response. */
async function relayToChannels(
  env: Env,
  n: LegacyNotification,
  customer: { blocked: boolean; displayName: string },
  token: string,
  opts: OperatorOptions,
): Promise<void> {
  const channels = pushChannels(env.config)
  if (channels.length === 0) return
  const now = env.clock.now().getTime()
  const inMaintenance = (await maintenanceAt(env, n.customerId, now)) !== null
  for (const ch of channels) {
    const entry: NewEntry = {
      customerId: n.customerId,
      eventId: null,
      channel: ch.config.type,
      recipient: ch.label,
      eventType: LEGACY_EVENT_TYPE,
      severity: n.severity,
      subject: oneLine(`${customer.displayName || n.customerId}: ${n.subject}`, 120),
      body: n.message,
      idempotencyKey: `legacy:${token}:${ch.config.type}:${ch.label}`,
    }
    const reason = customer.blocked
      ? 'blocked'
      : SEVERITY_RANK[n.severity] < SEVERITY_RANK[ch.config.min_severity]
        ? 'below_min_severity'
        : inMaintenance
          ? 'maintenance'
          : null
    if (reason) {
      await skip(env, entry, reason, { keepBody: true })
      continue
    }
    const claim = await claimSend(env.db, entry, now)
    if (!claim.claimed) continue
    const message = pushMessageOf({ ...entry, createdAt: now }, env.config.server.public_url)
    env.defer(
      deliverPushClaimed(env, claim.id, ch, message, 0, opts.push).catch((err) =>
        env.log.error('legacy push delivery failed', { log_id: claim.id, ...errorFields(err) }),
      ),
    )
  }
}

function skipReason(env: Env, blocked: boolean, recipient: string | null): string | null {
  if (blocked) return 'blocked'
  if (!env.config.notifications.operator_enabled) return 'disabled'
  if (!recipient) return 'no_recipient'
  if (!env.config.notifications.resend_api_key) return 'not_configured'
  return null
}
