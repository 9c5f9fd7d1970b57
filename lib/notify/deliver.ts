// The last steps every notification shares: log a skip, or claim the send and deliver it, and
// count the outcome. Used by dispatch (events), the legacy relay and the outbox.
import type { InStatement } from '@libsql/client'
import type { Env } from '../core/env.js'
import { errorFields } from '../core/log.js'
import {
  claimSend,
  finishPending,
  recordDecision,
  type Channel,
  type CooldownGuard,
  type NewEntry,
} from '../store/notification-log.js'
import type { RenderedEmail } from './format.js'
import { sendEmail, type SendOptions } from './resend.js'

export interface Decision {
  channel: Channel
  /**
   * `duplicate`: this exact decision was already made by an earlier (or concurrent) dispatch;
   * `retrying`: a push delivery failed for now and stays pending for the outbox.
   */
  status: 'sent' | 'skipped' | 'failed' | 'duplicate' | 'retrying'
  reason?: string
  logId?: number
}

export interface DeliverOptions {
  send?: SendOptions
}

const count = (env: Env, channel: Channel, result: string) =>
  env.metrics.inc('notifications_total', { channel, result })

/** Logs a skipped notification once per idempotency key. */
export async function skip(
  env: Env,
  entry: NewEntry,
  reason: string,
  opts: { keepBody?: boolean; along?: InStatement[] } = {},
): Promise<Decision> {
  // An event's skipped email can be rebuilt from the event: keep the log small.
  const row = opts.keepBody ? entry : { ...entry, body: null }
  const id = await recordDecision(env.db, row, 'skipped', reason, env.clock.now().getTime(), opts.along)
  if (id === null) return { channel: entry.channel, status: 'duplicate' }
  count(env, entry.channel, 'skipped')
  return { channel: entry.channel, status: 'skipped', reason, logId: id }
}

/**
 * Claims the key (and, with a guard, the cooldown slot) and sends. When the claim fails, either
 * this key was decided before (a second dispatch: nothing to do) or the cooldown holds: the skip
 * row then lands under the same key, which also tells the two cases apart.
 */
export async function claimAndDeliver(
  env: Env,
  entry: NewEntry & { recipient: string },
  email: RenderedEmail,
  guard: CooldownGuard | undefined,
  opts: DeliverOptions,
  cooldownReason = 'cooldown',
): Promise<Decision> {
  const claim = await claimSend(env.db, entry, env.clock.now().getTime(), guard)
  if (!claim.claimed) return skip(env, entry, cooldownReason)
  const addressed = { ...email, to: entry.recipient, idempotencyKey: entry.idempotencyKey }
  return deliverClaimed(env, claim.id, entry.channel, addressed, opts)
}

/** Sends a row this caller owns (claimed or leased) and records how it ended. */
export async function deliverClaimed(
  env: Env,
  logId: number,
  channel: Channel,
  email: RenderedEmail & { to: string; idempotencyKey: string },
  opts: DeliverOptions,
): Promise<Decision> {
  let result: Awaited<ReturnType<typeof sendEmail>>
  try {
    result = await sendEmail(env, email, opts.send)
  } catch (err) {
    // sendEmail reports failures as values; this is a bug, and the outbox will retry the row.
    env.log.error('notification send crashed', { log_id: logId, ...errorFields(err) })
    return { channel, status: 'failed', reason: 'crashed', logId }
  }
  const now = env.clock.now().getTime()
  if (result.ok) {
    const outcome = { status: 'sent' as const, reason: `resend id ${result.id}`, attempts: result.attempts }
    await finishPending(env.db, logId, outcome, now)
    count(env, channel, 'sent')
    env.log.info('notification sent', { log_id: logId, channel, attempts: result.attempts })
    return { channel, status: 'sent', logId }
  }
  const reason = `${result.status ?? 'no answer'}: ${result.answer}`
  await finishPending(env.db, logId, { status: 'failed', reason, attempts: result.attempts }, now)
  count(env, channel, 'failed')
  env.log.warn('notification failed', {
    log_id: logId,
    channel,
    attempts: result.attempts,
    status: result.status,
  })
  return { channel, status: 'failed', reason, logId }
}
