// Delivering a claimed (pending) notification_log row to a push channel, one attempt at a time. A
// retryable failure keeps the row pending with its next attempt in retry_at (the tick's outbox
// takes it then): backoff doubling from 15 s up to 30 min, never sooner than the service asked
// (Telegram's retry_after, a Retry-After header) nor, after a 429, sooner than 5 s (ntfy sends no
// Retry-After). After MAX_ATTEMPTS the row ends `failed` with the last answer.
import type { Env } from '../../core/env.js'
import { errorFields } from '../../core/log.js'
import { finishPending, scheduleRetry } from '../../store/notification-log.js'
import type { Decision } from '../deliver.js'
import type { PushChannel } from './channels.js'
import type { PushMessage } from './message.js'
import { sendPush, type PushSendOptions } from './send.js'

export const MAX_ATTEMPTS = 8
const BASE_DELAY_MS = 15_000
const MAX_DELAY_MS = 30 * 60_000
/** A service asking for more than this is not waited for longer: the row would outlive its use. */
const MAX_RETRY_AFTER_MS = 60 * 60_000
const MIN_AFTER_429_MS = 5_000

/** When the next attempt may go, after `attempts` failed ones. */
export function nextAttemptDelay(
  attempts: number,
  status: number | undefined,
  retryAfterMs?: number,
): number {
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1))
  const asked = Math.min(MAX_RETRY_AFTER_MS, retryAfterMs ?? 0)
  return Math.max(backoff, asked, status === 429 ? MIN_AFTER_429_MS : 0)
}

export async function deliverPushClaimed(
  env: Env,
  logId: number,
  ch: PushChannel,
  message: PushMessage,
  attemptsBefore: number,
  opts: PushSendOptions = {},
  /** false: one attempt only, its failure final (a test message from the settings page). */
  retry = true,
): Promise<Decision> {
  const channel = ch.config.type
  const log = { log_id: logId, channel, recipient: ch.label }
  let result: Awaited<ReturnType<typeof sendPush>>
  try {
    result = await sendPush(env, ch.config, message, opts)
  } catch (err) {
    // sendPush reports failures as values; this is a bug, and the outbox will retry the row.
    env.log.error('push send crashed', { ...log, ...errorFields(err) })
    return { channel, status: 'failed', reason: 'crashed', logId }
  }
  const now = env.clock.now().getTime()
  const attempts = attemptsBefore + 1
  if (result.ok) {
    await finishPending(
      env.db,
      logId,
      { status: 'sent', reason: `${channel} ${result.id}`, attempts: 1 },
      now,
    )
    env.metrics.inc('notifications_total', { channel, result: 'sent' })
    env.log.info('notification sent', { ...log, attempts })
    return { channel, status: 'sent', logId }
  }
  const reason = `${result.status ?? 'no answer'}: ${result.answer}`
  if (retry && result.retry && attempts < MAX_ATTEMPTS) {
    const retryAt = now + nextAttemptDelay(attempts, result.status, result.retryAfterMs)
    await scheduleRetry(env.db, logId, { reason, attempts: 1, retryAt }, now)
    env.log.info('push: retrying later', { ...log, attempts, status: result.status, wait_ms: retryAt - now })
    return { channel, status: 'retrying', reason, logId }
  }
  await finishPending(env.db, logId, { status: 'failed', reason, attempts: 1 }, now)
  env.metrics.inc('notifications_total', { channel, result: 'failed' })
  env.log.warn('notification failed', { ...log, attempts, status: result.status })
  return { channel, status: 'failed', reason, logId }
}
