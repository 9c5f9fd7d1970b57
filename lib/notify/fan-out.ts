// Fanning one operator message out to its destinations: the email and each push channel of
// notifications.channels. Each destination's outcome is its own notification_log row, keyed by
// the message and the destination, so a repeated fan-out changes nothing.
import type { Env } from '../core/env.js'
import type { StoredEvent } from '../store/events.js'
import { claimSend, type NewEntry } from '../store/notification-log.js'
import { ackUrlFor } from '../oncall/acknowledge.js'
import { claimAndDeliver, skip, type Decision, type DeliverOptions } from './deliver.js'
import type { RenderedEmail } from './format.js'
import { pushChannels, SEVERITY_RANK, type PushChannel } from './push/channels.js'
import { deliverPushClaimed } from './push/deliver.js'
import { pushMessageOf } from './push/render.js'
import type { PushSendOptions } from './push/send.js'

export interface OperatorOptions extends DeliverOptions {
  push?: PushSendOptions
}

/** Where an operator message can go; `reason` says why this one does not take it. */
export type Destination =
  | { kind: 'email'; entry: NewEntry; reason: string | null }
  | { kind: 'push'; entry: NewEntry; reason: string | null; push: PushChannel }

/** The destinations of a message about `event`, with idempotency keys under `keyPrefix`. */
export function destinations(env: Env, event: StoredEvent, keyPrefix: string): Destination[] {
  const n = env.config.notifications
  const recipient = n.operator_email.trim() || null
  const base = {
    customerId: event.customerId,
    eventId: event.id,
    eventType: event.eventType,
    severity: event.severity,
    subject: null,
    body: null,
  }
  const emailReason = !n.operator_enabled
    ? 'disabled'
    : !recipient
      ? 'no_recipient'
      : !n.resend_api_key
        ? 'not_configured'
        : null
  const email: Destination = {
    kind: 'email',
    entry: {
      ...base,
      channel: 'operator',
      recipient,
      idempotencyKey: `${keyPrefix}:operator:${recipient ?? '-'}`,
    },
    reason: emailReason,
  }
  const pushes: Destination[] = pushChannels(env.config).map((push) => ({
    kind: 'push',
    push,
    entry: {
      ...base,
      channel: push.config.type,
      recipient: push.label,
      idempotencyKey: `${keyPrefix}:${push.config.type}:${push.label}`,
    },
    reason:
      SEVERITY_RANK[event.severity] < SEVERITY_RANK[push.config.min_severity] ? 'below_min_severity' : null,
  }))
  return [email, ...pushes]
}

/** Logs `reason` for every destination, or each one's own reason where it has one. */
export async function skipAll(env: Env, dests: Destination[], reason: string): Promise<Decision[]> {
  return Promise.all(dests.map((d) => skip(env, d.entry, d.reason ?? reason)))
}

/** Delivers to every destination that takes the message; logs the others' reasons. */
export async function fanOut(
  env: Env,
  dests: Destination[],
  email: RenderedEmail,
  customerId: string | null,
  opts: OperatorOptions,
): Promise<Decision[]> {
  const ackUrl = await ackUrlFor(env, customerId)
  return Promise.all(
    dests.map(async (d): Promise<Decision> => {
      if (d.reason) return skip(env, d.entry, d.reason)
      if (d.kind === 'email') {
        const recipient = d.entry.recipient!
        return claimAndDeliver(env, { ...d.entry, recipient }, withAckLink(email, ackUrl), undefined, opts)
      }
      // One instant for the row and the message: the outbox rebuilds the same one from the row.
      const now = env.clock.now().getTime()
      const claim = await claimSend(env.db, d.entry, now)
      if (!claim.claimed) return skip(env, d.entry, 'cooldown')
      const message = pushMessageOf(
        { ...d.entry, createdAt: now, idempotencyKey: d.entry.idempotencyKey },
        env.config.server.public_url,
        ackUrl,
      )
      return deliverPushClaimed(env, claim.id, d.push, message, 0, opts.push)
    }),
  )
}

/** The email as sent: with the acknowledgement link, which the log (the stored text) never holds. */
function withAckLink(email: RenderedEmail, ackUrl: string | undefined): RenderedEmail {
  if (!ackUrl) return email
  const href = ackUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
  return {
    ...email,
    text: `${email.text}\n\nAcknowledge (stops repeats until the state changes): ${ackUrl}`,
    html: email.html.replace(
      '</body>',
      `<p><a href="${href}">Acknowledge</a> (stops repeats until the state changes)</p>\n</body>`,
    ),
  }
}
