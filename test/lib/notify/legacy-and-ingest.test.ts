import { describe, expect, it } from 'vitest'
import { deliverPending } from '../../../lib/notify/outbox.js'
import { eventById } from '../../../lib/store/events.js'
import { reportFor } from '../../support/fixtures.js'
import { call } from '../../support/http.js'
import { addCustomer, fastSend, logRows, notifyEnv, OPERATOR, PUBLIC_URL } from './setup.js'

const legacy = {
  customer_id: 'kovacs-csalad',
  subject: 'Disk /mnt/hdd1 failing',
  message: 'SMART: 12 reallocated sectors',
  severity: 'error',
}

describe('legacy /api/v1/notify', () => {
  it('is delivered to the operator right after the request', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad', { displayName: 'Kovács család' })
    const res = await call(env, 'POST', '/api/v1/notify', { body: legacy })
    expect(res.status).toBe(202)
    await env.settle()

    expect(fake.emails).toHaveLength(1)
    expect(fake.emails[0]).toMatchObject({
      to: OPERATOR,
      subject: '[felhom] ERROR kovacs-csalad: Disk /mnt/hdd1 failing',
    })
    expect(fake.emails[0].text).toContain('SMART: 12 reallocated sectors')
    expect(fake.emails[0].text).toContain(`${PUBLIC_URL}/customers/kovacs-csalad`)
    expect(await logRows(env)).toEqual([
      expect.objectContaining({
        channel: 'operator',
        event_type: 'legacy_notify',
        status: 'sent',
        customer_id: 'kovacs-csalad',
      }),
    ])
  })

  it('is delivered by the outbox when the deferred send never ran', async () => {
    const { env, fake } = await notifyEnv()
    env.defer = () => {} // the process died right after answering
    expect((await call(env, 'POST', '/api/v1/notify', { body: legacy })).status).toBe(202)
    expect((await logRows(env))[0].status).toBe('pending')

    env.clock.advance(6 * 60_000)
    expect(await deliverPending(env, fastSend())).toMatchObject({ sent: 1 })
    expect(fake.emails.map((m) => m.subject)).toEqual([
      '[felhom] ERROR kovacs-csalad: Disk /mnt/hdd1 failing',
    ])
  })

  it('is not sent for a blocked customer, and the decision is logged', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad', { blocked: true })
    expect((await call(env, 'POST', '/api/v1/notify', { body: legacy })).status).toBe(202)
    await env.settle()
    expect(fake.attempts).toHaveLength(0)
    expect(await logRows(env)).toEqual([
      expect.objectContaining({
        status: 'skipped',
        reason: 'blocked',
        body: expect.stringContaining('SMART'),
      }),
    ])
  })
})

describe('ingest while Resend hangs', () => {
  it('answers event, report and notify requests and stores them while the email waits', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad')
    fake.hangNext(100)

    const ev = await call(env, 'POST', '/api/v1/event', {
      body: {
        customer_id: 'kovacs-csalad',
        event_type: 'backup_failed',
        severity: 'error',
        message: 'restic failed',
      },
    })
    expect(ev.status).toBe(201)
    const { event_id } = (await ev.json()) as { event_id: number }
    expect(await eventById(env.db, event_id)).toMatchObject({ eventType: 'backup_failed' })
    await fake.waitForAttempts(1) // the email is now stuck inside Resend

    const rep = await call(env, 'POST', '/api/v1/report', { body: reportFor('kovacs-csalad') })
    expect(rep.status).toBe(200)
    const n = await call(env, 'POST', '/api/v1/notify', { body: legacy })
    expect(n.status).toBe(202)
    expect(fake.emails).toHaveLength(0)

    await fake.waitForAttempts(2) // and so is the legacy one
    fake.release()
    await env.settle()
    expect(fake.emails.map((m) => m.subject).sort()).toEqual([
      '[felhom] ERROR kovacs-csalad: Disk /mnt/hdd1 failing',
      '[felhom] ERROR kovacs-csalad: backup_failed',
    ])
    expect((await logRows(env)).filter((r) => r.status === 'sent')).toHaveLength(2)
  })
})
