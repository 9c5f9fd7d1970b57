import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../../lib/core/clock.js'
import { dispatchEvent } from '../../../../lib/notify/dispatch.js'
import { deliverPending } from '../../../../lib/notify/outbox.js'
import { startFakeWebhook } from '../../../support/fake-push.js'
import { addCustomer, PUBLIC_URL, storeEvent } from '../setup.js'
import { fastPush, pushEnv, pushRows, webhookChannel } from './setup.js'

// The standardwebhooks library checks timestamps against the real clock: these tests run near it.
const nearNow = () => fixedClock(Math.floor(Date.now() / 1000) * 1000)

describe('webhook channel', () => {
  it('posts JSON that the standardwebhooks library verifies, with the event and the page link', async () => {
    const hook = await startFakeWebhook()
    const env = await pushEnv([webhookChannel(hook)], { clock: nearNow() })
    await addCustomer(env, 'kovacs-csalad', { displayName: 'Kovács család' })
    const event = await storeEvent(env, 'kovacs-csalad', 'backup_failed', { message: 'restic: locked' })

    await dispatchEvent(env, event, fastPush())

    expect(hook.refused).toEqual([])
    expect(hook.verified).toHaveLength(1)
    expect(hook.verified[0].payload).toMatchObject({
      type: 'felhom.event',
      data: {
        kind: 'event',
        event_id: event.id,
        event_type: 'backup_failed',
        customer_id: 'kovacs-csalad',
        severity: 'warning',
        title: 'Kovács család: backup_failed',
        url: `${PUBLIC_URL}/customers/kovacs-csalad`,
        ack_url: null,
      },
    })
    expect(hook.verified[0].id).toMatch(/^msg_[0-9a-f]{32}$/)
    expect((await pushRows(env, 'webhook'))[0]).toMatchObject({ status: 'sent', reason: 'webhook HTTP 204' })
  })

  it('keeps the webhook-id across retries of one delivery, honouring Retry-After on a 429', async () => {
    const hook = await startFakeWebhook()
    const env = await pushEnv([webhookChannel(hook)], { clock: nearNow() })
    await addCustomer(env, 'kovacs-csalad')
    hook.script(1, { status: 429, body: '', headers: { 'Retry-After': '120' } })
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastPush())
    const [row] = await pushRows(env, 'webhook')
    expect(row.retry_at - env.clock.now().getTime()).toBe(120_000)
    env.clock.set(row.retry_at)
    await deliverPending(env, fastPush())
    expect(hook.received.map((r) => r.answered)).toEqual([429, 204])
    expect(hook.received[0].headers['webhook-id']).toBe(hook.received[1].headers['webhook-id'])
    expect(hook.verified).toHaveLength(1)
  })

  it('gives up at once on 410 Gone and on a redirect, which it does not follow', async () => {
    const hook = await startFakeWebhook()
    const env = await pushEnv([webhookChannel(hook)], { clock: nearNow() })
    await addCustomer(env, 'kovacs-csalad')
    hook.script(1, { status: 410, body: 'gone' })
    hook.script(1, { status: 302, body: '', headers: { Location: 'http://127.0.0.1:9/elsewhere' } })
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastPush())
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'smart_warning'), fastPush())
    const rows = await pushRows(env, 'webhook')
    expect(rows.map((r) => [r.status, r.attempts, r.reason.slice(0, 3)])).toEqual([
      ['failed', 1, '410'],
      ['failed', 1, '302'],
    ])
    expect(hook.received).toHaveLength(2)
  })

  it('treats a 5xx and no answer within the timeout as worth retrying', async () => {
    const hook = await startFakeWebhook()
    const env = await pushEnv([webhookChannel(hook)], { clock: nearNow() })
    await addCustomer(env, 'kovacs-csalad')
    hook.script(1, 'hang')
    hook.script(1, { status: 503, body: 'busy' })
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastPush())
    let [row] = await pushRows(env, 'webhook')
    expect(row.reason).toContain('no answer within 300 ms')
    env.clock.set(row.retry_at)
    await deliverPending(env, fastPush())
    ;[row] = await pushRows(env, 'webhook')
    expect(row).toMatchObject({ status: 'pending', attempts: 2 })
    expect(row.reason).toContain('503: busy')
    env.clock.set(row.retry_at)
    await deliverPending(env, fastPush())
    expect((await pushRows(env, 'webhook'))[0]).toMatchObject({ status: 'sent', attempts: 3 })
    expect(hook.verified).toHaveLength(1)
  })
})
