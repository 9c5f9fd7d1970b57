// Emails the operator about sign-in events that deserve a look at once (a recovery code used).
// The same path as every operator email: a notification_log row claimed first, the send after the
// response through Resend, the outbox retrying a row a crash left pending. No cooldown: each such
// event is its own email.
import { randomToken } from '../core/crypto.js'
import type { Env } from '../core/env.js'
import { errorFields } from '../core/log.js'
import { claimSend, type NewEntry } from '../store/notification-log.js'
import { deliverClaimed, skip } from './deliver.js'
import { textToHtml } from './format.js'

export interface SecurityAlert {
  /** notification_log.event_type, e.g. `recovery_code_used`. */
  kind: string
  subject: string
  text: string
}

export async function alertOperator(env: Env, alert: SecurityAlert): Promise<void> {
  const cfg = env.config.notifications
  const recipient = cfg.operator_email.trim() || null
  const entry: NewEntry = {
    customerId: null,
    eventId: null,
    channel: 'operator',
    recipient,
    eventType: alert.kind,
    severity: 'warning',
    subject: alert.subject,
    body: alert.text,
    idempotencyKey: `security:${alert.kind}:${randomToken(12)}`,
  }
  const reason = !cfg.operator_enabled
    ? 'disabled'
    : !recipient
      ? 'no_recipient'
      : !cfg.resend_api_key
        ? 'not_configured'
        : null
  if (reason) {
    env.log.warn('security alert not emailed', { kind: alert.kind, reason })
    await skip(env, entry, reason, { keepBody: true })
    return
  }
  const claim = await claimSend(env.db, entry, env.clock.now().getTime())
  if (!claim.claimed) return
  const email = {
    subject: alert.subject,
    text: alert.text,
    html: textToHtml(alert.subject, alert.text),
    to: recipient!,
    idempotencyKey: entry.idempotencyKey,
  }
  env.defer(
    deliverClaimed(env, claim.id, 'operator', email, {}).catch((err) =>
      env.log.error('security alert delivery failed', { log_id: claim.id, ...errorFields(err) }),
    ),
  )
}
