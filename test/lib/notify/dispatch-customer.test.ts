import { describe, expect, it } from 'vitest'
import { dispatchEvent } from '../../../lib/notify/dispatch.js'
import { eventById } from '../../../lib/store/events.js'
import { call } from '../../support/http.js'
import { addCustomer, fastSend, logRows, notifyEnv, setPrefs, storeEvent } from './setup.js'

describe('dispatchEvent: customer channel', () => {
  it('emails the customer, in Hungarian, only the event types they chose', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad', { displayName: 'Kovács család' })
    await setPrefs(env, 'kovacs-csalad', ['backup_failed'])
    const chosen = await storeEvent(env, 'kovacs-csalad', 'backup_failed', {
      message: 'restic exit status 3',
    })
    const other = await storeEvent(env, 'kovacs-csalad', 'disk_space_warning')

    await dispatchEvent(env, chosen, fastSend())
    await dispatchEvent(env, other, fastSend())

    const toCustomer = fake.emails.filter((m) => m.to === 'kovacs-csalad@example.hu')
    expect(toCustomer).toHaveLength(1)
    const mail = toCustomer[0]
    expect(mail.subject).toBe('Felhom: Nem sikerült a biztonsági mentés')
    expect(mail.text).toContain('Kedves Kovács család!')
    expect(mail.text).toContain('A korábban elmentett adatai megvannak')
    expect(mail.text).toContain('Önnek most nincs teendője')
    expect(mail.text).toContain('Időpont: 2026. november 29., 5:30')
    expect(mail.html).toContain('<html lang="hu">')
    expect(mail.html).toContain('Nem sikerült a biztonsági mentés')
    expect(mail.idempotencyKey).toBe(`event:${chosen.id}:customer:kovacs-csalad@example.hu`)
    const rows = (await logRows(env)).filter((r) => r.channel === 'customer')
    expect(rows.map((r) => [r.event_id, r.status, r.reason])).toEqual([
      [chosen.id, 'sent', expect.stringMatching(/^resend id /)],
      [other.id, 'skipped', 'no_preference'],
    ])
  })

  it('logs "no_preference" when the customer has no preferences at all', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'nagy-bt')
    const e = await storeEvent(env, 'nagy-bt', 'backup_completed', { severity: 'info' })
    await dispatchEvent(env, e, fastSend())
    expect(fake.emails).toHaveLength(0)
    expect((await logRows(env)).find((r) => r.channel === 'customer')).toMatchObject({
      status: 'skipped',
      reason: 'no_preference',
      recipient: null,
    })
  })

  it("applies the customer's own cooldown per event type", async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad')
    await setPrefs(env, 'kovacs-csalad', ['backup_completed', 'node_recovered'], 2)
    await dispatchEvent(
      env,
      await storeEvent(env, 'kovacs-csalad', 'backup_completed', { severity: 'info' }),
      fastSend(),
    )
    env.clock.advance(90 * 60_000)
    const held = await storeEvent(env, 'kovacs-csalad', 'backup_completed', { severity: 'info' })
    await dispatchEvent(env, held, fastSend())
    await dispatchEvent(
      env,
      await storeEvent(env, 'kovacs-csalad', 'node_recovered', { severity: 'info' }),
      fastSend(),
    )
    env.clock.advance(31 * 60_000)
    await dispatchEvent(
      env,
      await storeEvent(env, 'kovacs-csalad', 'backup_completed', { severity: 'info' }),
      fastSend(),
    )

    expect(fake.emails.map((m) => m.subject)).toEqual([
      'Felhom: Elkészült a biztonsági mentés',
      'Felhom: Újra elérjük a gépét',
      'Felhom: Elkészült a biztonsági mentés',
    ])
    const skipped = (await logRows(env)).filter((r) => r.channel === 'customer' && r.status === 'skipped')
    expect(skipped).toEqual([expect.objectContaining({ event_id: held.id, reason: 'cooldown' })])
  })

  it('respects customer_enabled: false', async () => {
    const { env, fake } = await notifyEnv({ notifications: { customer_enabled: false } })
    await addCustomer(env, 'kovacs-csalad')
    await setPrefs(env, 'kovacs-csalad', ['backup_completed'])
    await dispatchEvent(
      env,
      await storeEvent(env, 'kovacs-csalad', 'backup_completed', { severity: 'info' }),
      fastSend(),
    )
    expect(fake.emails).toHaveLength(0)
    expect((await logRows(env)).find((r) => r.channel === 'customer')).toMatchObject({
      status: 'skipped',
      reason: 'disabled',
    })
  })

  it('sends a blocked customer nothing on either channel, logs it, and still stores the event', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad', { blocked: true })
    await setPrefs(env, 'kovacs-csalad', ['backup_failed'])
    const res = await call(env, 'POST', '/api/v1/event', {
      body: {
        customer_id: 'kovacs-csalad',
        event_type: 'backup_failed',
        severity: 'error',
        message: 'restic failed',
      },
    })
    expect(res.status).toBe(201)
    const { event_id } = (await res.json()) as { event_id: number }
    await env.settle()

    expect(await eventById(env.db, event_id)).toMatchObject({
      eventType: 'backup_failed',
      customerId: 'kovacs-csalad',
    })
    expect(fake.attempts).toHaveLength(0)
    const rows = await logRows(env)
    // The two channels decide concurrently, so their rows come in either order.
    expect(rows).toHaveLength(2)
    expect(rows.map((r) => [r.channel, r.status, r.reason, r.event_id])).toEqual(
      expect.arrayContaining([
        ['operator', 'skipped', 'blocked', event_id],
        ['customer', 'skipped', 'blocked', event_id],
      ]),
    )
  })
})
