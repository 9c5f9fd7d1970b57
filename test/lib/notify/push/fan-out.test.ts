import { describe, expect, it } from 'vitest'
import { dispatchEvent } from '../../../../lib/notify/dispatch.js'
import { startFakeResend, resendConfig } from '../../../support/fake-resend.js'
import { startFakeNtfy, startFakeTelegram } from '../../../support/fake-push.js'
import { addCustomer, storeEvent } from '../setup.js'
import { fastPush, ntfyChannel, pushEnv, pushRows, telegramChannel } from './setup.js'

const MIN = 60_000

describe('one operator decision fanned out to email and every channel', () => {
  it('sends one email and one message per channel, each logged under its own channel', async () => {
    const [resend, ntfy, tg] = await Promise.all([startFakeResend(), startFakeNtfy(), startFakeTelegram()])
    const env = await pushEnv([ntfyChannel(ntfy), telegramChannel(tg)], {
      notifications: resendConfig(resend),
    })
    await addCustomer(env, 'kovacs-csalad')
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastPush())
    expect([resend.emails.length, ntfy.messages.length, tg.messages.length]).toEqual([1, 1, 1])
    const rows = await pushRows(env)
    expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([
      ['customer', 'skipped'],
      ['ntfy', 'sent'],
      ['operator', 'sent'],
      ['telegram', 'sent'],
    ])
  })

  it('shares the cooldown across channels, and keeps it when email is not configured at all', async () => {
    const ntfy = await startFakeNtfy()
    const env = await pushEnv([ntfyChannel(ntfy)])
    await addCustomer(env, 'kovacs-csalad')
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastPush())
    env.clock.advance(30 * MIN)
    const second = await storeEvent(env, 'kovacs-csalad', 'backup_failed')
    expect(await dispatchEvent(env, second, fastPush())).toContainEqual(
      expect.objectContaining({ channel: 'ntfy', status: 'skipped', reason: 'cooldown' }),
    )
    env.clock.advance(31 * MIN)
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastPush())
    expect(ntfy.messages).toHaveLength(2)
    const op = (await pushRows(env, 'operator')).map((r) => r.reason)
    expect(op).toEqual(['no_recipient', 'no_recipient', 'no_recipient'])
  })

  it('makes one decision for two events of one type arriving together, on every channel', async () => {
    const [ntfy, tg] = await Promise.all([startFakeNtfy(), startFakeTelegram()])
    const env = await pushEnv([ntfyChannel(ntfy), telegramChannel(tg)])
    await addCustomer(env, 'kovacs-csalad')
    const a = await storeEvent(env, 'kovacs-csalad', 'disk_space_warning')
    const b = await storeEvent(env, 'kovacs-csalad', 'disk_space_warning')
    await Promise.all([a, b, a, b].map((e) => dispatchEvent(env, e, fastPush())))
    expect([ntfy.messages.length, tg.messages.length]).toEqual([1, 1])
    for (const channel of ['ntfy', 'telegram']) {
      expect((await pushRows(env, channel)).map((r) => r.status).sort()).toEqual(['sent', 'skipped'])
    }
  })

  it('sends a channel only what reaches its min_severity, and never an info event', async () => {
    const [ntfy, tg] = await Promise.all([startFakeNtfy(), startFakeTelegram()])
    const env = await pushEnv([ntfyChannel(ntfy, { min_severity: 'error' }), telegramChannel(tg)])
    await addCustomer(env, 'kovacs-csalad')
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastPush())
    await dispatchEvent(
      env,
      await storeEvent(env, 'kovacs-csalad', 'smart_failure', { severity: 'error' }),
      fastPush(),
    )
    await dispatchEvent(
      env,
      await storeEvent(env, 'kovacs-csalad', 'backup_completed', { severity: 'info' }),
      fastPush(),
    )
    expect(ntfy.messages.map((m) => m.title)).toEqual(['kovacs-csalad: smart_failure'])
    expect(tg.messages).toHaveLength(2)
    expect((await pushRows(env, 'ntfy')).map((r) => r.reason)).toEqual(['below_min_severity', 'ntfy ntfy1'])
  })
})
