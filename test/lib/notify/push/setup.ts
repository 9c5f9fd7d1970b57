// Shared set-up for the push channel tests: an Env whose notifications.channels point at the fakes
// (parsed by the real schema, so defaults apply as in production), and short timeouts.
import type { fixedClock } from '../../../../lib/core/clock.js'
import { channelsSchema } from '../../../../lib/core/channels.js'
import type { HubConfig } from '../../../../lib/core/config.js'
import type { DispatchOptions } from '../../../../lib/notify/dispatch.js'
import { testEnv, type TestEnv } from '../../../support/env.js'
import type { FakeNtfy, FakeTelegram, FakeWebhook } from '../../../support/fake-push.js'
import { WEBHOOK_SECRET } from '../../../support/fake-push.js'
import { PUBLIC_URL } from '../setup.js'

export const ntfyChannel = (f: FakeNtfy, extra: Record<string, unknown> = {}) => ({
  type: 'ntfy',
  url: f.topicUrl,
  token: f.token,
  ...extra,
})
export const telegramChannel = (f: FakeTelegram, extra: Record<string, unknown> = {}) => ({
  type: 'telegram',
  bot_token: f.botToken,
  chat_id: -1001234567890,
  base_url: f.url,
  ...extra,
})
export const webhookChannel = (f: FakeWebhook, extra: Record<string, unknown> = {}) => ({
  type: 'webhook',
  url: f.hookUrl,
  secret: WEBHOOK_SECRET,
  ...extra,
})

export async function pushEnv(
  channels: Record<string, unknown>[],
  o: { clock?: ReturnType<typeof fixedClock>; notifications?: Partial<HubConfig['notifications']> } = {},
): Promise<TestEnv> {
  return testEnv({
    clock: o.clock,
    config: {
      server: { public_url: PUBLIC_URL },
      notifications: { ...o.notifications, channels: channelsSchema.parse(channels) },
    } as never,
  })
}

/** Push attempts give up after 300 ms: a hanging fake fails the attempt quickly. */
export const fastPush = (): DispatchOptions => ({
  push: { timeoutMs: 300 },
  send: { baseDelayMs: 10, timeoutMs: 2_000, sleep: async () => {} },
})

export async function pushRows(env: TestEnv, channel?: string): Promise<Record<string, any>[]> {
  const rs = await env.db.execute({
    sql: `SELECT * FROM notification_log ${channel ? 'WHERE channel = ?' : ''} ORDER BY id`,
    args: channel ? [channel] : [],
  })
  return rs.rows.map((r) => ({ ...r }))
}
