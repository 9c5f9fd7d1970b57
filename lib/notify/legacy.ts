// The legacy /api/v1/notify relay: older controllers send a ready-made message for the operator.
// It is logged in notification_log first (pending), then delivered after the response; the outbox
// delivers it if that deferred send never finishes.
import type { InStatement } from '@libsql/client'
import { randomToken } from '../core/crypto.js'
import { errorFields } from '../core/log.js'
import type { Env } from '../core/env.js'
import type { Severity } from '../events/types.js'
import { deliverClaimed, skip, type DeliverOptions } from './deliver.js'
import { LEGACY_EVENT_TYPE, legacyOperatorEmail } from './operator-templates.js'
import { getCustomer } from '../store/customers.js'
import { claimSend, type NewEntry } from '../store/notification-log.js'

export interface LegacyNotification {
  customerId: string
  subject: string
  message: string
  severity: Severity
}

/**
 * Logs the notification and schedules its delivery; returns the notification_log row id.
 * `opts.along` commits with the log row (an Idempotency-Key's answer).
 */
export async function relayLegacyNotification(
  env: Env,
  n: LegacyNotification,
  opts: DeliverOptions & { along?: InStatement[] } = {},
): Promise<number | null> {
  const now = env.clock.now().getTime()
  const cfg = env.config.notifications
  const customer = await getCustomer(env.db, n.customerId)
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
    idempotencyKey: `legacy:${randomToken(12)}:operator:${recipient ?? '-'}`,
  }
  env.log.info('legacy notification received', { customer_id: n.customerId, severity: n.severity })

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

function skipReason(env: Env, blocked: boolean, recipient: string | null): string | null {
  if (blocked) return 'blocked'
  if (!env.config.notifications.operator_enabled) return 'disabled'
  if (!recipient) return 'no_recipient'
  if (!env.config.notifications.resend_api_key) return 'not_configured'
  return null
}
