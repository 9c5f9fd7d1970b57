import { describe, expect, it } from 'vitest'
import { dispatchEvent } from '../../../../lib/notify/dispatch.js'
import { deliverPending } from '../../../../lib/notify/outbox.js'
import { startFakeTelegram } from '../../../support/fake-push.js'
import { addCustomer, PUBLIC_URL, storeEvent } from '../setup.js'
import { fastPush, pushEnv, pushRows, telegramChannel } from './setup.js'

describe('Telegram channel', () => {
  it('calls /bot<token>/sendMessage with the chat, escaped HTML text and an Open button', async () => {
    const tg = await startFakeTelegram()
    const env = await pushEnv([telegramChannel(tg)])
    await addCustomer(env, 'nagy-bt', { displayName: 'Nagy & <Társa>' })
    const event = await storeEvent(env, 'nagy-bt', 'smart_failure', {
      severity: 'error',
      message: 'sda: 5 < 6',
    })

    await dispatchEvent(env, event, fastPush())

    expect(tg.received[0].path).toBe(`/bot${tg.botToken}/sendMessage`)
    expect(tg.messages).toHaveLength(1)
    const m = tg.messages[0]
    expect(m).toMatchObject({ chat_id: '-1001234567890', parse_mode: 'HTML' })
    expect(m.text.startsWith('<b>Nagy &amp; &lt;Társa&gt;: smart_failure</b>\n')).toBe(true)
    expect(m.text).toContain('sda: 5 &lt; 6')
    expect(m.reply_markup.inline_keyboard[0][0]).toEqual({
      text: 'Open',
      url: `${PUBLIC_URL}/customers/nagy-bt`,
    })
    expect((await pushRows(env, 'telegram'))[0]).toMatchObject({
      status: 'sent',
      recipient: 'channels[0] chat -1001234567890',
      reason: 'telegram message 1',
    })
  })

  it("waits Telegram's retry_after on a 429 before the next attempt", async () => {
    const tg = await startFakeTelegram()
    const env = await pushEnv([telegramChannel(tg)])
    await addCustomer(env, 'nagy-bt')
    tg.floodWait(1, 35)
    await dispatchEvent(env, await storeEvent(env, 'nagy-bt', 'backup_failed'), fastPush())
    const [row] = await pushRows(env, 'telegram')
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row.reason).toContain('Too Many Requests: retry after 35')
    expect(row.retry_at - env.clock.now().getTime()).toBe(35_000)

    env.clock.advance(34_000)
    expect(await deliverPending(env, fastPush())).toMatchObject({ found: 0 })
    env.clock.advance(1_000)
    expect(await deliverPending(env, fastPush())).toMatchObject({ sent: 1 })
    expect(tg.messages).toHaveLength(1)
  })

  it('never puts the bot token in a log line or the database, even when the call fails', async () => {
    const tg = await startFakeTelegram()
    const env = await pushEnv([telegramChannel(tg, { bot_token: '999:WrongTokenWrongTokenWrongToken' })])
    await addCustomer(env, 'nagy-bt')
    await dispatchEvent(env, await storeEvent(env, 'nagy-bt', 'backup_failed'), fastPush())
    const [row] = await pushRows(env, 'telegram')
    expect(row).toMatchObject({ status: 'failed' })
    expect(row.reason).toContain('401: Unauthorized')
    // A channel that cannot even be reached: the network error must not quote the URL either.
    const dead = await pushEnv([
      telegramChannel(tg, { base_url: 'http://127.0.0.1:9', bot_token: '999:UnreachableTokenUnreachable' }),
    ])
    await addCustomer(dead, 'nagy-bt')
    await dispatchEvent(dead, await storeEvent(dead, 'nagy-bt', 'backup_failed'), fastPush())
    for (const e of [env, dead]) {
      const everything = JSON.stringify([e.log.lines, await pushRows(e)])
      expect(everything).not.toContain('WrongTokenWrongTokenWrongToken')
      expect(everything).not.toContain('UnreachableTokenUnreachable')
    }
  })

  it('retries a 5xx and a hang after a backoff, then delivers once', async () => {
    const tg = await startFakeTelegram()
    const env = await pushEnv([telegramChannel(tg)])
    await addCustomer(env, 'nagy-bt')
    tg.script(1, { status: 502, body: 'Bad Gateway' })
    tg.script(1, 'hang')
    await dispatchEvent(env, await storeEvent(env, 'nagy-bt', 'backup_failed'), fastPush())
    for (let i = 0; i < 2; i++) {
      const [row] = await pushRows(env, 'telegram')
      expect(row.status).toBe('pending')
      env.clock.set(row.retry_at)
      await deliverPending(env, fastPush())
    }
    const [row] = await pushRows(env, 'telegram')
    expect(row).toMatchObject({ status: 'sent', attempts: 3 })
    expect(tg.received.map((r) => r.answered)).toEqual([502, 'hung', 200])
    expect(tg.messages).toHaveLength(1)
  })
})
