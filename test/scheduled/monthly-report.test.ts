// The monthly report job against the fake Resend: one Hungarian email per customer who asked for
// it, per month, however often and however concurrently the job runs, and a send a crash cut
// short finished by the outbox with the very same email.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { monthOf } from '../../lib/monthly-report/period.js'
import { sendMonthlyReport } from '../../lib/monthly-report/send.js'
import { deliverPending } from '../../lib/notify/outbox.js'
import { getCustomer, setBlocked } from '../../lib/store/customers.js'
import { monthlyReportByKey } from '../../lib/store/monthly-reports.js'
import { entryByKey } from '../../lib/store/notification-log.js'
import { sendMonthlyReports } from '../../scheduled/monthly-report.js'
import { CRON_TOKEN, testEnv, type TestEnv } from '../support/env.js'
import { resendConfig, startFakeResend, type FakeResend } from '../support/fake-resend.js'
import { call } from '../support/http.js'
import { sendEvent, sendReport } from '../support/scheduled-seed.js'

// 1 December 2026, 09:00 in Budapest: the job's slot.
const SLOT = Date.parse('2026-12-01T08:00:00Z')
const NOVEMBER = Date.parse('2026-11-15T10:00:00Z')

async function preferences(env: TestEnv, customerId: string, monthly: boolean | undefined) {
  const body = {
    customer_id: customerId,
    email: `${customerId}@example.hu`,
    enabled_events: [],
    ...(monthly === undefined ? {} : { monthly_report: monthly }),
  }
  expect((await call(env, 'POST', '/api/v1/preferences', { body })).status).toBe(200)
}

async function setup(): Promise<{ env: TestEnv; fake: FakeResend }> {
  const fake = await startFakeResend()
  const env = await testEnv({ clock: fixedClock(NOVEMBER), config: { notifications: resendConfig(fake) } })
  for (const id of ['kovacs-csalad', 'nagy-csalad', 'szabo-csalad', 'blokkolt-csalad'])
    await sendReport(env, id)
  await sendEvent(env, 'kovacs-csalad', 'backup_completed')
  await preferences(env, 'kovacs-csalad', true)
  await preferences(env, 'nagy-csalad', undefined)
  await preferences(env, 'szabo-csalad', false)
  await preferences(env, 'blokkolt-csalad', true)
  await setBlocked(env.db, 'blokkolt-csalad', true, NOVEMBER)
  // A customer who asked for it before its controller ever reported: nothing to report on yet.
  await preferences(env, 'uj-csalad', true)
  await env.settle()
  env.clock.set(SLOT)
  return { env, fake }
}

const reports = (fake: FakeResend) => fake.emails.filter((e) => e.subject.startsWith('Felhom havi jelentés'))

describe('sendMonthlyReports', () => {
  it('emails last month’s report, in Hungarian, to each customer who asked for it and to nobody else', async () => {
    const { env, fake } = await setup()
    expect(await sendMonthlyReports(env)).toEqual({
      ok: true,
      month: '2026-11',
      opted_in: 3,
      sent: 1,
      skipped: 2, // blocked; never reported
      failed: 0,
      already_done: 0,
    })
    const [email] = reports(fake)
    expect(reports(fake)).toHaveLength(1)
    expect(email).toMatchObject({
      to: 'kovacs-csalad@example.hu',
      from: 'monitoring@felhom.eu',
      subject: 'Felhom havi jelentés – 2026. november',
      idempotencyKey: 'monthly-report:kovacs-csalad:2026-11',
    })
    expect(email.html).toContain('<html lang="hu">')
    expect(email.html).toContain('2026. november')
    // Mail-client safe: inline styles only, nothing fetched from elsewhere.
    expect(email.html).not.toMatch(/<style|<link|<img|<script|\bsrc=|url\(/i)
    expect(email.text).toContain('Összefoglaltuk, hogyan működött a gépe 2026 novemberében')
    expect(email.text).toContain('BIZTONSÁGI MENTÉSEK')
    expect(email.text).not.toMatch(/<[a-z]/i)
    // The decision is logged under the month's key; the blocked customer's as a skip.
    expect(await entryByKey(env.db, 'monthly-report:kovacs-csalad:2026-11')).toMatchObject({ status: 'sent' })
    expect(await entryByKey(env.db, 'monthly-report:blokkolt-csalad:2026-11')).toMatchObject({
      status: 'skipped',
      reason: 'blocked',
    })
  })

  it('sends each customer one report a month across repeated, concurrent and forced runs', async () => {
    const { env, fake } = await setup()
    await Promise.all([sendMonthlyReports(env), sendMonthlyReports(env), sendMonthlyReports(env)])
    env.clock.advance(3 * 3_600_000)
    expect(await sendMonthlyReports(env)).toMatchObject({ sent: 0, already_done: 2, skipped: 1 })
    for (const force of ['', '?force=true']) {
      const res = await call(env, 'POST', `/internal/cron/monthly-report${force}`, { key: CRON_TOKEN })
      expect(res.status).toBe(200)
    }
    expect(reports(fake)).toHaveLength(1)
    expect(
      fake.attempts.filter((a) => a.idempotencyKey === 'monthly-report:kovacs-csalad:2026-11'),
    ).toHaveLength(1)
    // A month later, the next month's report.
    env.clock.set(Date.parse('2027-01-01T08:00:00Z'))
    expect(await sendMonthlyReports(env)).toMatchObject({ month: '2026-12', sent: 1 })
    expect(reports(fake).map((e) => e.idempotencyKey)).toEqual([
      'monthly-report:kovacs-csalad:2026-11',
      'monthly-report:kovacs-csalad:2026-12',
    ])
  })

  it('finishes a send a crash interrupted with the same email, once', async () => {
    const { env, fake } = await setup()
    const c = (await getCustomer(env.db, 'kovacs-csalad'))!
    // The first attempt gets a 500; the process "dies" while waiting to retry.
    fake.answerNext(1, { status: 500 })
    const died = await sendMonthlyReport(env, c, 'kovacs-csalad@example.hu', monthOf(2026, 11), {
      send: {
        sleep: async () => {
          throw new Error('process killed')
        },
      },
    })
    expect(died.status).toBe('failed')
    const key = 'monthly-report:kovacs-csalad:2026-11'
    expect(await entryByKey(env.db, key)).toMatchObject({ status: 'pending' })
    // A restart runs the job again: the month is claimed, so it sends nothing new...
    expect(await sendMonthlyReports(env)).toMatchObject({ sent: 0, already_done: 1 })
    expect(reports(fake)).toHaveLength(0)
    // ...and the outbox delivers the stored email, HTML and all, under the same key.
    env.clock.advance(10 * 60_000)
    expect(await deliverPending(env)).toMatchObject({ found: 1, sent: 1 })
    const stored = (await monthlyReportByKey(env.db, key))!
    expect(reports(fake)).toEqual([
      expect.objectContaining({ idempotencyKey: key, html: stored.html, text: stored.text }),
    ])
    expect(stored.html).toContain('Felhom · Havi jelentés')
    expect(await entryByKey(env.db, key)).toMatchObject({ status: 'sent' })
    expect(await deliverPending(env)).toMatchObject({ found: 0 })
  })

  it('logs why nothing was sent when email is not configured, and does not try again that month', async () => {
    const env = await testEnv({ clock: fixedClock(NOVEMBER) })
    await sendReport(env, 'kovacs-csalad')
    await preferences(env, 'kovacs-csalad', true)
    env.clock.set(SLOT)
    expect(await sendMonthlyReports(env)).toMatchObject({ sent: 0, skipped: 1 })
    expect(await entryByKey(env.db, 'monthly-report:kovacs-csalad:2026-11')).toMatchObject({
      status: 'skipped',
      reason: 'not_configured',
    })
    expect(await sendMonthlyReports(env)).toMatchObject({ skipped: 0, already_done: 1 })
  })
})
