// The safety net: notification_log rows left `pending` (the process died between claim and send,
// or a deferred legacy delivery never ran) are delivered by the scheduled tick. Rows keep their
// idempotency key, so if the first sender did reach Resend, Resend sends nothing twice. Push
// deliveries that failed for now come back here when their retry_at has come (push/deliver.ts).
import type { Env } from '../core/env.js'
import { errorFields } from '../core/log.js'
import { finishPending, leasePending, stalePending, type LogEntry } from '../store/notification-log.js'
import { deliverClaimed, type DeliverOptions } from './deliver.js'
import { getCustomer } from '../store/customers.js'
import { MONTHLY_REPORT_TYPE, monthlyReportByKey } from '../store/monthly-reports.js'
import { textToHtml, type RenderedEmail } from './format.js'
import { LEGACY_EVENT_TYPE, legacyOperatorEmail } from './operator-templates.js'
import { ackUrlFor } from '../oncall/acknowledge.js'
import { channelForRow } from './push/channels.js'
import { deliverPushClaimed } from './push/deliver.js'
import { pushMessageOf } from './push/render.js'
import type { PushSendOptions } from './push/send.js'
import { CHANNEL_TYPES } from '../core/channels.js'

export interface OutboxOptions extends DeliverOptions {
  push?: PushSendOptions
  /** Rows per call: the tick must stay short. */
  limit?: number
  /**
   * How long a pending row is left to its first sender. Longer than one send can take (attempts x
   * timeout plus backoff, about 2 min with the defaults), so a live send is not doubled.
   */
  graceMs?: number
}

export interface OutboxSummary {
  found: number
  sent: number
  failed: number
  skipped: number
  /** Taken by a concurrent outbox run first. */
  raced: number
  /** Push deliveries that failed again and wait for their next attempt. */
  retrying: number
}

export async function deliverPending(env: Env, opts: OutboxOptions = {}): Promise<OutboxSummary> {
  const { limit = 10, graceMs = 5 * 60_000 } = opts
  // The tick waits for this: a tighter retry budget than dispatch keeps a hanging Resend from
  // holding the tick for minutes (worst case about 30 s: 3 attempts of 8 s, 1 s + 2 s backoff).
  const sendOpts: OutboxOptions = {
    send: { attempts: 3, timeoutMs: 8_000, maxDelayMs: 5_000, ...opts.send },
    push: { timeoutMs: 8_000, ...opts.push },
  }
  const now = env.clock.now().getTime()
  const rows = await stalePending(env.db, now - graceMs, limit, now)
  const summary: OutboxSummary = { found: rows.length, sent: 0, failed: 0, skipped: 0, raced: 0, retrying: 0 }
  const outcomes = await Promise.allSettled(rows.map((row) => deliverRow(env, row, sendOpts, graceMs)))
  for (const [i, o] of outcomes.entries()) {
    if (o.status === 'rejected') {
      env.log.error('outbox delivery failed', { log_id: rows[i].id, ...errorFields(o.reason) })
      summary.failed++
    } else summary[o.value]++
  }
  return summary
}

type RowOutcome = 'sent' | 'failed' | 'skipped' | 'raced' | 'retrying'

const isPush = (channel: string) => (CHANNEL_TYPES as readonly string[]).includes(channel)

async function deliverRow(
  env: Env,
  row: LogEntry,
  opts: OutboxOptions,
  graceMs: number,
): Promise<RowOutcome> {
  const now = env.clock.now().getTime()
  if (!(await leasePending(env.db, row.id, row.updatedAt, now, graceMs))) return 'raced'
  if (isPush(row.channel)) return deliverPushRow(env, row, opts)
  const reason = !row.recipient
    ? 'no_recipient'
    : !env.config.notifications.resend_api_key
      ? 'not_configured'
      : null
  if (reason) {
    await finishPending(env.db, row.id, { status: 'skipped', reason, attempts: 0 }, now)
    env.metrics.inc('notifications_total', { channel: row.channel, result: 'skipped' })
    return 'skipped'
  }
  const key = row.idempotencyKey ?? `log:${row.id}`
  const email = { ...(await rebuild(env, row)), to: row.recipient!, idempotencyKey: key }
  const d = await deliverClaimed(env, row.id, row.channel, email, opts)
  return d.status === 'sent' ? 'sent' : 'failed'
}

/** A push row goes to the channel it was meant for, if the configuration still has it. */
async function deliverPushRow(env: Env, row: LogEntry, opts: OutboxOptions): Promise<RowOutcome> {
  const now = env.clock.now().getTime()
  const channel = channelForRow(env.config, row.channel, row.recipient)
  if (!channel) {
    const outcome = { status: 'skipped' as const, reason: 'channel_removed', attempts: 0 }
    await finishPending(env.db, row.id, outcome, now)
    env.metrics.inc('notifications_total', { channel: row.channel, result: 'skipped' })
    return 'skipped'
  }
  const key = row.idempotencyKey ?? `log:${row.id}`
  const ackUrl = row.eventId ? await ackUrlFor(env, row.customerId, row.createdAt) : undefined
  const message = pushMessageOf({ ...row, idempotencyKey: key }, env.config.server.public_url, ackUrl)
  const d = await deliverPushClaimed(env, row.id, channel, message, row.attempts, opts.push)
  return d.status === 'sent' ? 'sent' : d.status === 'retrying' ? 'retrying' : 'failed'
}

/**
 * A legacy row holds the controller's subject and message, framed again exactly as at relay time.
 * A monthly report was stored whole when it was claimed. Other rows hold the final subject and
 * text; their HTML part is rebuilt from the text.
 */
async function rebuild(env: Env, row: LogEntry): Promise<RenderedEmail> {
  if (row.eventType === MONTHLY_REPORT_TYPE && row.idempotencyKey) {
    const stored = await monthlyReportByKey(env.db, row.idempotencyKey)
    if (stored) return stored
  }
  if (row.eventType === LEGACY_EVENT_TYPE && row.customerId) {
    const customer = await getCustomer(env.db, row.customerId)
    const ref = { customerId: row.customerId, displayName: customer?.displayName ?? '' }
    const n = {
      subject: row.subject ?? '',
      message: row.body ?? '',
      severity: row.severity ?? 'warning',
      at: row.createdAt,
    }
    return legacyOperatorEmail({ ...n, customer: ref }, env.config.server.public_url)
  }
  const subject = row.subject ?? '[felhom] notification'
  const text = row.body ?? ''
  return { subject, text, html: textToHtml(subject, text, row.channel === 'customer' ? 'hu' : 'en') }
}
