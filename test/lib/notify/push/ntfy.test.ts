import { describe, expect, it } from 'vitest'
import { deliverPending } from '../../../../lib/notify/outbox.js'
import { dispatchEvent } from '../../../../lib/notify/dispatch.js'
import { fixedClock } from '../../../../lib/core/clock.js'
import { checkStaleness } from '../../../../scheduled/staleness.js'
import { startFakeNtfy } from '../../../support/fake-push.js'
import { MIN, sendReport } from '../../../support/scheduled-seed.js'
import { addCustomer, PUBLIC_URL, storeEvent } from '../setup.js'
import { fastPush, ntfyChannel, pushEnv, pushRows } from './setup.js'

const SEC = 1_000

describe('ntfy channel', () => {
  it('publishes a warning with Title, Priority, Tags and Click, the token as Bearer, and logs it sent', async () => {
    const ntfy = await startFakeNtfy()
    const env = await pushEnv([ntfyChannel(ntfy)])
    await addCustomer(env, 'kovacs-csalad', { displayName: 'Kovács család' })
    const event = await storeEvent(env, 'kovacs-csalad', 'backup_failed', {
      message: 'restic: repository is locked',
    })

    const decisions = await dispatchEvent(env, event, fastPush())

    expect(decisions).toContainEqual(expect.objectContaining({ channel: 'ntfy', status: 'sent' }))
    expect(ntfy.received[0].path).toBe('/felhom-ops')
    expect(ntfy.received[0].headers.authorization).toBe(`Bearer ${ntfy.token}`)
    expect(ntfy.messages).toEqual([
      expect.objectContaining({
        title: 'Kovács család: backup_failed',
        priority: 4,
        tags: ['warning'],
        click: `${PUBLIC_URL}/customers/kovacs-csalad`,
      }),
    ])
    expect(ntfy.messages[0].message).toContain('restic: repository is locked')
    const [row] = await pushRows(env, 'ntfy')
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      recipient: 'channels[0] 127.0.0.1:' + new URL(ntfy.url).port,
    })
    expect(row.reason).toBe('ntfy ntfy1')
  })

  it('sends a title with accents and an emoji as an encoded word ntfy decodes, instead of crashing', async () => {
    const ntfy = await startFakeNtfy()
    const env = await pushEnv([ntfyChannel(ntfy)])
    await addCustomer(env, 'arviz', { displayName: 'Árvíztűrő tükörfúrógép 🚨 Őrség' })
    await dispatchEvent(
      env,
      await storeEvent(env, 'arviz', 'disk_space_critical', { severity: 'error' }),
      fastPush(),
    )
    expect(ntfy.received[0].headers.title).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/)
    expect(ntfy.messages[0].title).toBe('Árvíztűrő tükörfúrógép 🚨 Őrség: disk_space_critical')
    expect(ntfy.messages[0]).toMatchObject({ priority: 5, tags: ['rotating_light'] })
  })

  it('keeps a 429 pending for at least 5 s (ntfy sends no Retry-After), then the tick delivers it', async () => {
    const ntfy = await startFakeNtfy()
    const env = await pushEnv([ntfyChannel(ntfy)])
    await addCustomer(env, 'kovacs-csalad')
    ntfy.tooManyRequests(1)
    const decisions = await dispatchEvent(
      env,
      await storeEvent(env, 'kovacs-csalad', 'backup_failed'),
      fastPush(),
    )
    expect(decisions).toContainEqual(expect.objectContaining({ channel: 'ntfy', status: 'retrying' }))
    const [row] = await pushRows(env, 'ntfy')
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row.reason).toContain('429')
    expect(row.retry_at - env.clock.now().getTime()).toBeGreaterThanOrEqual(5 * SEC)

    // Not yet due: the outbox leaves it alone.
    expect(await deliverPending(env, fastPush())).toMatchObject({ found: 0 })
    env.clock.set(row.retry_at)
    expect(await deliverPending(env, fastPush())).toMatchObject({ found: 1, sent: 1 })
    expect(ntfy.messages).toHaveLength(1)
    expect((await pushRows(env, 'ntfy'))[0]).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('retries a 5xx and a hang with growing backoff, and gives up with the last answer after 8 attempts', async () => {
    const ntfy = await startFakeNtfy()
    const env = await pushEnv([ntfyChannel(ntfy)])
    await addCustomer(env, 'kovacs-csalad')
    ntfy.script(1, 'hang')
    ntfy.script(10, { status: 502, body: 'bad gateway' })
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastPush())
    let row = (await pushRows(env, 'ntfy'))[0]
    expect(row.reason).toContain('no answer within 300 ms')
    const waits: number[] = []
    for (let i = 0; i < 7; i++) {
      waits.push(row.retry_at - env.clock.now().getTime())
      env.clock.set(row.retry_at)
      await deliverPending(env, fastPush())
      row = (await pushRows(env, 'ntfy'))[0]
    }
    expect(waits).toEqual([15, 30, 60, 120, 240, 480, 960].map((s) => s * SEC))
    expect(row).toMatchObject({ status: 'failed', attempts: 8 })
    expect(row.reason).toContain('502: bad gateway')
    expect(ntfy.received).toHaveLength(8)
  })

  it('retries an alert without the acknowledgement link once the state it was about has ended', async () => {
    const ntfy = await startFakeNtfy()
    const env = await pushEnv([ntfyChannel(ntfy)], {
      clock: fixedClock('2026-11-29T22:00:00Z'),
      notifications: { operator_cooldown: '6h' },
    })
    await sendReport(env, 'kovacs-csalad')
    // 1. The node goes down; ntfy refuses the alert for now.
    ntfy.tooManyRequests(1)
    env.clock.advance(61 * MIN)
    await checkStaleness(env)
    await env.settle()
    expect((await pushRows(env, 'ntfy'))[0]).toMatchObject({ event_type: 'node_down', status: 'pending' })
    // 2. Before the retry the node comes back and goes down again: a new outage, in the cooldown.
    await sendReport(env, 'kovacs-csalad')
    await checkStaleness(env)
    env.clock.advance(61 * MIN)
    await checkStaleness(env)
    await env.settle()
    // 3. The late alert is about the first outage: a link in it would acknowledge the second one.
    await deliverPending(env, fastPush())
    expect(ntfy.messages).toHaveLength(1)
    expect(ntfy.messages[0].title).toBe('kovacs-csalad: node_down')
    expect(ntfy.messages[0].actions).toBe('')
  })

  it('does not retry a refused token, and never logs or stores the token', async () => {
    const ntfy = await startFakeNtfy()
    const env = await pushEnv([ntfyChannel(ntfy, { token: 'tk_wrongwrongwrongwrong123' })])
    await addCustomer(env, 'kovacs-csalad')
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastPush())
    const [row] = await pushRows(env, 'ntfy')
    expect(row).toMatchObject({ status: 'failed', attempts: 1 })
    expect(row.reason).toContain('401')
    const everything = JSON.stringify([env.log.lines, await pushRows(env)])
    expect(everything).not.toContain('tk_wrongwrongwrongwrong123')
  })
})
