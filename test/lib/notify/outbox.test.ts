import { describe, expect, it } from 'vitest'
import { deliverPending } from '../../../lib/notify/outbox.js'
import { claimSend, entryById, type NewEntry } from '../../../lib/store/notification-log.js'
import type { TestEnv } from '../../support/env.js'
import { fastSend, notifyEnv, OPERATOR } from './setup.js'

const MIN = 60_000

function entry(n: number, recipient: string | null = OPERATOR): NewEntry {
  return {
    customerId: 'kovacs-csalad',
    eventId: n,
    channel: 'operator',
    recipient,
    eventType: 'backup_failed',
    severity: 'warning',
    subject: `[felhom] WARNING kovacs-csalad: backup_failed #${n}`,
    body: 'restic: repository is locked\n\nCustomer: kovacs-csalad <b>',
    idempotencyKey: `event:${n}:operator:${recipient ?? '-'}`,
  }
}

/** A row claimed and then abandoned, as when the process dies between claim and send. */
async function stuckRow(env: TestEnv, n: number, recipient?: string | null): Promise<number> {
  const claim = await claimSend(env.db, entry(n, recipient), env.clock.now().getTime())
  if (!claim.claimed) throw new Error('claim failed')
  return claim.id
}

describe('deliverPending (outbox)', () => {
  it('delivers a row left pending after the grace period, with its idempotency key', async () => {
    const { env, fake } = await notifyEnv()
    const id = await stuckRow(env, 1)

    expect(await deliverPending(env, fastSend())).toMatchObject({ found: 0 })
    expect(fake.attempts).toHaveLength(0)

    env.clock.advance(6 * MIN)
    expect(await deliverPending(env, fastSend())).toEqual({
      found: 1,
      sent: 1,
      failed: 0,
      skipped: 0,
      raced: 0,
      retrying: 0,
    })
    expect(fake.emails).toEqual([
      expect.objectContaining({
        to: OPERATOR,
        subject: '[felhom] WARNING kovacs-csalad: backup_failed #1',
        text: 'restic: repository is locked\n\nCustomer: kovacs-csalad <b>',
        idempotencyKey: 'event:1:operator:ops@felhom.test',
      }),
    ])
    expect(fake.emails[0].html).toContain('<p>Customer: kovacs-csalad &lt;b&gt;</p>')
    expect(await entryById(env.db, id)).toMatchObject({ status: 'sent', attempts: 1 })
    expect(await deliverPending(env, fastSend())).toMatchObject({ found: 0 })
  })

  it('delivers each row once when two outbox runs overlap', async () => {
    const { env, fake } = await notifyEnv()
    for (const n of [1, 2, 3]) await stuckRow(env, n)
    env.clock.advance(6 * MIN)
    const [a, b] = await Promise.all([deliverPending(env, fastSend()), deliverPending(env, fastSend())])
    expect(a.sent + b.sent).toBe(3)
    expect(fake.attempts).toHaveLength(3)
  })

  it('is bounded per call', async () => {
    const { env, fake } = await notifyEnv()
    for (let n = 1; n <= 5; n++) await stuckRow(env, n)
    env.clock.advance(6 * MIN)
    expect(await deliverPending(env, { ...fastSend(), limit: 2 })).toMatchObject({ found: 2, sent: 2 })
    expect(await deliverPending(env, { ...fastSend(), limit: 10 })).toMatchObject({ found: 3, sent: 3 })
    expect(fake.emails).toHaveLength(5)
  })

  it('marks a row without a recipient skipped, and a refused one failed with the answer', async () => {
    const { env, fake } = await notifyEnv()
    const noRecipient = await stuckRow(env, 1, null)
    const refused = await stuckRow(env, 2)
    fake.answerNext(1, { status: 422, body: '{"message":"Invalid `to` field."}' })
    env.clock.advance(6 * MIN)
    expect(await deliverPending(env, fastSend())).toMatchObject({ found: 2, skipped: 1, failed: 1 })
    expect(await entryById(env.db, noRecipient)).toMatchObject({ status: 'skipped', reason: 'no_recipient' })
    expect(await entryById(env.db, refused)).toMatchObject({
      status: 'failed',
      reason: '422: {"message":"Invalid `to` field."}',
    })
  })
})
