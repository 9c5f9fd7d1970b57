import { describe, expect, it } from 'vitest'
import { channelsSchema } from '../../../lib/core/channels.js'
import { dashboardEnv, flashOf, getPage, postForm, signIn } from '../../support/dashboard.js'
import {
  startFakeNtfy,
  startFakeTelegram,
  startFakeWebhook,
  WEBHOOK_SECRET,
} from '../../support/fake-push.js'

async function channelsEnv() {
  const [ntfy, tg, hook] = await Promise.all([startFakeNtfy(), startFakeTelegram(), startFakeWebhook()])
  const channels = channelsSchema.parse([
    { type: 'ntfy', url: ntfy.topicUrl, token: ntfy.token, min_severity: 'error' },
    { type: 'telegram', bot_token: tg.botToken, chat_id: '-100200300', base_url: tg.url },
    { type: 'webhook', url: hook.hookUrl, secret: WEBHOOK_SECRET },
  ])
  const env = await dashboardEnv({ config: { notifications: { channels } } as never })
  return { env, ntfy, tg, hook }
}

describe('the channels settings page', () => {
  it('lists every channel with its target and threshold, its secret masked to the last 4 characters', async () => {
    const { env, ntfy, tg } = await channelsEnv()
    const res = await getPage(env, '/settings/channels', await signIn(env))
    expect(res.status).toBe(200)
    expect(res.html).toContain('href="/settings/channels"')
    expect(res.html).toContain(ntfy.topicUrl)
    expect(res.html).toContain('chat -100200300 via 127.0.0.1')
    expect(res.html).toContain(`••••${ntfy.token.slice(-4)}`)
    expect(res.html).toContain(`••••${tg.botToken.slice(-4)}`)
    expect(res.html).toContain(`••••${WEBHOOK_SECRET.slice(-4)}`)
    for (const secret of [ntfy.token, tg.botToken, WEBHOOK_SECRET, tg.botToken.slice(0, 20)])
      expect(res.html).not.toContain(secret)
    expect(res.html.match(/action="\/settings\/channels\/\d\/test"/g)).toHaveLength(3)
  })

  it('sends a test message to one channel, says so in a flash message and logs it', async () => {
    const { env, ntfy, tg } = await channelsEnv()
    const session = await signIn(env)
    const res = await postForm(env, '/settings/channels/1/test', session)
    expect(res.status).toBe(303)
    expect(res.location).toBe('/settings/channels')
    expect(flashOf(res)).toEqual({
      kind: 'ok',
      text: expect.stringContaining('Test message sent to channels[1]'),
    })
    expect(tg.messages).toHaveLength(1)
    expect(tg.messages[0].text).toContain('felhom hub: test message')
    expect(ntfy.messages).toHaveLength(0)
    const page = await getPage(env, '/settings/channels', session)
    expect(page.html).toContain('channel_test')
  })

  it('reports a failing channel in the flash message, with one attempt and no retry', async () => {
    const { env, ntfy } = await channelsEnv()
    ntfy.tooManyRequests(1)
    const res = await postForm(env, '/settings/channels/0/test', await signIn(env))
    expect(flashOf(res)).toEqual({ kind: 'error', text: expect.stringContaining('failed: 429') })
    const rs = await env.db.execute("SELECT status, attempts FROM notification_log WHERE channel = 'ntfy'")
    expect(rs.rows.map((r) => ({ ...r }))).toEqual([{ status: 'failed', attempts: 1 }])
  })

  it('refuses a test without the CSRF token or a session, and an unknown channel', async () => {
    const { env, tg } = await channelsEnv()
    const session = await signIn(env)
    expect((await postForm(env, '/settings/channels/1/test', session, { _csrf: 'forged' })).status).toBe(403)
    expect((await postForm(env, '/settings/channels/1/test', null)).location).toBe('/login')
    expect((await getPage(env, '/settings/channels', null)).location).toBe('/login')
    expect(flashOf(await postForm(env, '/settings/channels/7/test', session))).toMatchObject({
      kind: 'error',
    })
    expect(tg.messages).toHaveLength(0)
  })
})
