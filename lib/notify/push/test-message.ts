// "Send test" on the channels settings page: one message to one channel, one attempt, answered
// at once and logged like any other delivery (event type channel_test, no customer).
import { budapestTime, utcTime } from '../format.js'
import type { Env } from '../../core/env.js'
import { randomToken } from '../../core/crypto.js'
import { claimSend, entryById, type NewEntry } from '../../store/notification-log.js'
import { pushChannels } from './channels.js'
import { deliverPushClaimed } from './deliver.js'
import { pushMessageOf, TEST_EVENT_TYPE } from './render.js'
import type { PushSendOptions } from './send.js'

export type TestOutcome =
  { ok: true; label: string; detail: string } | { ok: false; label: string | null; detail: string }

export async function sendTestMessage(
  env: Env,
  index: number,
  opts: PushSendOptions = {},
): Promise<TestOutcome> {
  const ch = pushChannels(env.config)[index]
  if (!ch) return { ok: false, label: null, detail: `there is no channel ${index}` }
  const now = env.clock.now().getTime()
  const entry: NewEntry = {
    customerId: null,
    eventId: null,
    channel: ch.config.type,
    recipient: ch.label,
    eventType: TEST_EVENT_TYPE,
    severity: 'warning',
    subject: 'felhom hub: test message',
    body:
      `A test from felhom hub (${env.config.server.public_url}) at ${utcTime(now)} / ${budapestTime(now)}.\n` +
      `If you read this, ${ch.label} (${ch.config.type}) works.`,
    idempotencyKey: `test:${randomToken(9)}:${ch.config.type}:${ch.label}`,
  }
  const claim = await claimSend(env.db, entry, now)
  if (!claim.claimed) return { ok: false, label: ch.label, detail: 'could not be logged' }
  const message = pushMessageOf({ ...entry, createdAt: now }, env.config.server.public_url)
  const d = await deliverPushClaimed(env, claim.id, ch, message, 0, opts, false)
  const row = await entryById(env.db, claim.id)
  env.log.info('channel test', { channel: ch.config.type, recipient: ch.label, result: d.status })
  return d.status === 'sent'
    ? { ok: true, label: ch.label, detail: row?.reason ?? 'sent' }
    : { ok: false, label: ch.label, detail: row?.reason ?? d.reason ?? 'failed' }
}
