import { describe, expect, it } from 'vitest'
import { recordHubEvent } from '../../../lib/events/record.js'
import { dispatchEvent } from '../../../lib/notify/dispatch.js'
import { recentEvents } from '../../../lib/store/events.js'
import { addCustomer, fastSend, logRows, notifyEnv, OPERATOR, PUBLIC_URL, storeEvent } from './setup.js'

describe('dispatchEvent: operator channel', () => {
  it('emails a warning event to the operator in English, with times and a link, and logs it sent', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad', { displayName: 'Kovács család' })
    const event = await storeEvent(env, 'kovacs-csalad', 'backup_failed', {
      message: 'restic: repository is locked',
    })

    const decisions = await dispatchEvent(env, event, fastSend())

    expect(decisions).toContainEqual(expect.objectContaining({ channel: 'operator', status: 'sent' }))
    expect(fake.emails).toHaveLength(1)
    const mail = fake.emails[0]
    expect(mail.to).toBe(OPERATOR)
    expect(mail.subject).toBe('[felhom] WARNING kovacs-csalad: backup_failed')
    expect(mail.text).toContain('restic: repository is locked')
    expect(mail.text).toContain('Kovács család (kovacs-csalad)')
    expect(mail.text).toContain('2026-11-29 04:30 UTC / 2026-11-29 05:30 Budapest')
    expect(mail.text).toContain(`${PUBLIC_URL}/customers/kovacs-csalad`)
    expect(mail.html).toContain(`href="${PUBLIC_URL}/customers/kovacs-csalad"`)
    expect(mail.idempotencyKey).toBe(`event:${event.id}:operator:${OPERATOR}`)
    const op = (await logRows(env)).find((r) => r.channel === 'operator')!
    expect(op).toMatchObject({
      status: 'sent',
      recipient: OPERATOR,
      event_id: event.id,
      attempts: 1,
      subject: mail.subject,
    })
  })

  it('tells only the operator of a fleet-wide hub event (no customer), linking to the fleet', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad')
    const event = await recordHubEvent(env, {
      customerId: null,
      eventType: 'rollout_halted',
      severity: 'error',
      message: 'rollout to 2.0.0 halted: kovacs-csalad did not come back',
      dedupeKey: 'test-fleet-event',
    })
    expect(event).toMatchObject({ customerId: null, source: 'hub' })
    await env.settle()
    expect(fake.emails).toHaveLength(1)
    expect(fake.emails[0].subject).toBe('[felhom] ERROR fleet: rollout_halted')
    expect(fake.emails[0].text).toContain('the whole fleet')
    expect(fake.emails[0].text).toContain(`${PUBLIC_URL}/`)
    expect(fake.emails[0].text).not.toContain('/customers/')
    const rows = await logRows(env)
    expect(rows.map((r) => [r.channel, r.status, r.customer_id])).toEqual([['operator', 'sent', null]])
    // A customer's own history does not show it.
    expect(await recentEvents(env.db, 'kovacs-csalad')).toEqual([])
  })

  it('escapes every interpolated value in the HTML part', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'nagy-bt', { displayName: '<b>Nagy</b> & "Társa"' })
    const event = await storeEvent(env, 'nagy-bt', 'disk_space_critical', {
      message: '<script>alert(1)</script>',
      details: { path: '<img src=x onerror=alert(2)>' },
    })
    await dispatchEvent(env, event, fastSend())
    const html = fake.emails[0].html
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<b>Nagy')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;b&gt;Nagy&lt;/b&gt; &amp; &quot;Társa&quot;')
  })

  it('tells the operator of every rollout halt, a second one within the cooldown too', async () => {
    const { env, fake } = await notifyEnv()
    for (const halt of [1, 2]) {
      await recordHubEvent(env, {
        customerId: null,
        eventType: 'rollout_halted',
        severity: 'error',
        message: `rollout to 2.0.0 halted (${halt}): a node did not come back`,
        dedupeKey: `rollout_halted:1:${halt}`,
      })
      await env.settle()
    }
    // Each halt waits for the operator's resume: one that followed a resume is news, not a repeat.
    expect(fake.emails.map((m) => m.text.match(/halted \((\d)\)/)?.[1])).toEqual(['1', '2'])
  })

  it('holds a second email of the same customer and type for the operator cooldown', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad')
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastSend())
    env.clock.advance(30 * 60_000)
    const second = await storeEvent(env, 'kovacs-csalad', 'backup_failed')
    expect(await dispatchEvent(env, second, fastSend())).toContainEqual({
      channel: 'operator',
      status: 'skipped',
      reason: 'cooldown',
      logId: expect.any(Number),
    })
    // Another type for the same customer is its own cooldown.
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'smart_warning'), fastSend())
    env.clock.advance(31 * 60_000)
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastSend())

    expect(fake.emails.map((m) => m.subject)).toEqual([
      '[felhom] WARNING kovacs-csalad: backup_failed',
      '[felhom] WARNING kovacs-csalad: smart_warning',
      '[felhom] WARNING kovacs-csalad: backup_failed',
    ])
    const skipped = (await logRows(env)).filter((r) => r.channel === 'operator' && r.status === 'skipped')
    expect(skipped).toEqual([expect.objectContaining({ event_id: second.id, reason: 'cooldown' })])
  })

  it('sends info events to nobody on the operator channel, and logs why', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad')
    const event = await storeEvent(env, 'kovacs-csalad', 'backup_completed', { severity: 'info' })
    await dispatchEvent(env, event, fastSend())
    expect(fake.emails).toHaveLength(0)
    const op = (await logRows(env)).find((r) => r.channel === 'operator')!
    expect(op).toMatchObject({ status: 'skipped', reason: 'not_warning', event_id: event.id })
  })

  it('respects operator_enabled: false', async () => {
    const { env, fake } = await notifyEnv({ notifications: { operator_enabled: false } })
    await addCustomer(env, 'kovacs-csalad')
    await dispatchEvent(
      env,
      await storeEvent(env, 'kovacs-csalad', 'smart_failure', { severity: 'error' }),
      fastSend(),
    )
    expect(fake.emails).toHaveLength(0)
    expect((await logRows(env)).find((r) => r.channel === 'operator')).toMatchObject({
      status: 'skipped',
      reason: 'disabled',
    })
  })

  it('logs the failure with the provider answer after the retries', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad')
    fake.answerNext(10, {
      status: 500,
      body: '{"name":"internal_server_error","message":"Resend is having a bad day"}',
    })
    const waits: number[] = []
    const decisions = await dispatchEvent(
      env,
      await storeEvent(env, 'kovacs-csalad', 'backup_failed'),
      fastSend(waits),
    )
    expect(decisions).toContainEqual(expect.objectContaining({ channel: 'operator', status: 'failed' }))
    expect(fake.attempts).toHaveLength(4)
    expect(waits).toEqual([10, 20, 40])
    const op = (await logRows(env)).find((r) => r.channel === 'operator')!
    expect(op.status).toBe('failed')
    expect(op.attempts).toBe(4)
    expect(op.reason).toContain('500')
    expect(op.reason).toContain('Resend is having a bad day')
  })

  it('retries 429 and 500 during dispatch, then logs the email as sent', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad')
    fake.answerNext(1, { status: 429, headers: { 'Retry-After': '1' } })
    fake.answerNext(1, { status: 500 })
    const waits: number[] = []
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastSend(waits))
    expect(fake.attempts.map((a) => a.status)).toEqual([429, 500, 200])
    expect(waits).toEqual([1000, 20])
    expect((await logRows(env)).find((r) => r.channel === 'operator')).toMatchObject({
      status: 'sent',
      attempts: 3,
    })
  })

  it('counts every outcome by channel and result', async () => {
    const { env, fake } = await notifyEnv()
    const counted: string[] = []
    env.metrics = {
      inc: (name, l) => void counted.push(`${name}:${l?.channel}:${l?.result}`),
      observe() {},
      set() {},
    }
    await addCustomer(env, 'kovacs-csalad')
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'backup_failed'), fastSend())
    fake.answerNext(10, { status: 500 })
    await dispatchEvent(env, await storeEvent(env, 'kovacs-csalad', 'smart_warning'), fastSend())
    expect(counted.filter((c) => c.startsWith('notifications_total:operator')).sort()).toEqual([
      'notifications_total:operator:failed',
      'notifications_total:operator:sent',
    ])
    expect(counted.filter((c) => c === 'notifications_total:customer:skipped')).toHaveLength(2)
  })
})
