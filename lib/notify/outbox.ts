// The safety net: notification_log rows left `pending` (the process died between claim and send,
// or a deferred legacy delivery never ran) are delivered by the scheduled tick. Rows keep their
// idempotency key, so if the first sender did reach Resend, Resend sends nothing twice.
import type { Env } from '../core/env.js'
import { errorFields } from '../core/log.js'
import { finishPending, leasePending, stalePending, type LogEntry } from '../store/notification-log.js'
import { deliverClaimed, type DeliverOptions } from './deliver.js'
import { getCustomer } from '../store/customers.js'
import { MONTHLY_REPORT_TYPE, monthlyReportByKey } from '../store/monthly-reports.js'
import { textToHtml, type RenderedEmail } from './format.js'
import { LEGACY_EVENT_TYPE, legacyOperatorEmail } from './operator-templates.js'

export interface OutboxOptions extends DeliverOptions {
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
}

export async function deliverPending(env: Env, opts: OutboxOptions = {}): Promise<OutboxSummary> {
  const { limit = 10, graceMs = 5 * 60_000 } = opts
  // The tick waits for this: a tighter retry budget than dispatch keeps a hanging Resend from
  // holding the tick for minutes (worst case about 30 s: 3 attempts of 8 s, 1 s + 2 s backoff).
  const sendOpts: DeliverOptions = {
    send: { attempts: 3, timeoutMs: 8_000, maxDelayMs: 5_000, ...opts.send },
  }
  const now = env.clock.now().getTime()
  const rows = await stalePending(env.db, now - graceMs, limit)
  const summary: OutboxSummary = { found: rows.length, sent: 0, failed: 0, skipped: 0, raced: 0 }
  const outcomes = await Promise.allSettled(rows.map((row) => deliverRow(env, row, sendOpts)))
  for (const [i, o] of outcomes.entries()) {
    if (o.status === 'rejected') {
      env.log.error('outbox delivery failed', { log_id: rows[i].id, ...errorFields(o.reason) })
      summary.failed++
    } else summary[o.value]++
  }
  return summary
}

type RowOutcome = 'sent' | 'failed' | 'skipped' | 'raced'

async function deliverRow(env: Env, row: LogEntry, opts: DeliverOptions): Promise<RowOutcome> {
  const now = env.clock.now().getTime()
  if (!(await leasePending(env.db, row.id, row.updatedAt, now))) return 'raced'
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
