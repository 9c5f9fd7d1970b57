// GET /audit: the log filtered in SQL by customer, action, outcome and Budapest dates, 50 a page.
import { describe, expect, it } from 'vitest'
import { recordAudit } from '../../../lib/audit/record.js'
import type { TestEnv } from '../../support/env.js'
import { dashboardEnv, getPage, signIn, type TestSession } from '../../support/dashboard.js'

const ids = (html: string) => [...html.matchAll(/data-audit-id="(\d+)"/g)].map((m) => Number(m[1]))

async function seeded(): Promise<{ env: TestEnv; s: TestSession }> {
  const env = await dashboardEnv()
  // 2026-11-28 23:30 UTC is already the 29th in Budapest (UTC+1).
  const at = (iso: string) => env.clock.set(iso)
  at('2026-11-27T10:00:00Z')
  await recordAudit(env, { action: 'block', outcome: 'ok', customerId: 'kovacs-csalad', ip: '192.0.2.1' }) // 1
  at('2026-11-28T10:00:00Z')
  await recordAudit(env, { action: 'unblock', outcome: 'ok', customerId: 'kovacs-csalad' }) // 2
  at('2026-11-28T23:30:00Z')
  await recordAudit(env, { action: 'login', outcome: 'refused', error: 'wrong password' }) // 3
  at('2026-11-29T04:00:00Z')
  await recordAudit(env, { action: 'block', outcome: 'ok', customerId: 'nagy-bt' }) // 4
  await recordAudit(env, {
    action: 'push_config',
    outcome: 'error',
    customerId: 'nagy-bt',
    error: 'Push failed: timeout',
  }) // 5
  return { env, s: await signIn(env) }
}

describe('the audit page', () => {
  it('lists every entry newest first, with its outcome and what happened', async () => {
    const { env, s } = await seeded()
    const page = await getPage(env, '/audit', s)
    expect(page.status).toBe(200)
    expect(ids(page.html)).toEqual([5, 4, 3, 2, 1])
    expect(page.html).toContain('Push failed: timeout')
    expect(page.html).toContain('<span class="tag tag-error">error</span>')
    expect(page.html).toContain('href="/customers/nagy-bt"')
    expect(page.html).toContain('class="nav-link active">Audit')
  })

  it('filters by customer, action and outcome on the server', async () => {
    const { env, s } = await seeded()
    expect(ids((await getPage(env, '/audit?customer=kovacs-csalad', s)).html)).toEqual([2, 1])
    expect(ids((await getPage(env, '/audit?action=block', s)).html)).toEqual([4, 1])
    expect(ids((await getPage(env, '/audit?customer=nagy-bt&action=block', s)).html)).toEqual([4])
    expect(ids((await getPage(env, '/audit?outcome=refused', s)).html)).toEqual([3])
    const none = await getPage(env, '/audit?customer=senki-kft', s)
    expect(none.html).toContain('No entries match.')
  })

  it('filters by a range of Budapest dates, both ends included', async () => {
    const { env, s } = await seeded()
    expect(ids((await getPage(env, '/audit?from=2026-11-29', s)).html)).toEqual([5, 4, 3])
    expect(ids((await getPage(env, '/audit?to=2026-11-28', s)).html)).toEqual([2, 1])
    expect(ids((await getPage(env, '/audit?from=2026-11-28&to=2026-11-28', s)).html)).toEqual([2])
    const page = await getPage(env, '/audit?from=2026-11-28&to=2026-11-28&action=unblock', s)
    expect(page.html).toContain('value="2026-11-28"')
    expect(page.html).toMatch(/<option value="unblock" selected/)
  })

  it('answers a filter it cannot read with 400 and the reason, showing nothing', async () => {
    const { env, s } = await seeded()
    for (const [query, reason] of [
      ['customer=Kov%C3%A1cs', 'is not a customer id'],
      ['action=drop_tables', 'is not an audited action'],
      ['outcome=maybe', 'outcome must be ok, refused or error'],
      ['from=2026-02-30', 'the from date must be a calendar date from 1000 to 9998, as YYYY-MM-DD'],
      ['to=yesterday', 'the to date must be a calendar date from 1000 to 9998, as YYYY-MM-DD'],
      ['from=0001-01-01', 'the from date must be a calendar date from 1000 to 9998'],
      ['to=9999-12-31', 'the to date must be a calendar date from 1000 to 9998'],
      ['from=2026-11-29&to=2026-11-28', 'must not be after'],
      ['before=-1', 'before must be an entry id'],
    ]) {
      const res = await getPage(env, `/audit?${query}`, s)
      expect([query, res.status]).toEqual([query, 400])
      expect(res.html).toContain(reason)
      expect(ids(res.html)).toEqual([])
    }
    // The widest range the message promises is taken.
    expect((await getPage(env, '/audit?from=1000-01-01&to=9998-12-31', s)).status).toBe(200)
  })

  it('pages 50 at a time, keeping the filters on the link to older entries', async () => {
    const env = await dashboardEnv()
    for (let i = 0; i < 120; i++) {
      await recordAudit(env, {
        action: i % 2 ? 'block' : 'unblock',
        outcome: 'ok',
        customerId: 'kovacs-csalad',
      })
    }
    const s = await signIn(env)
    const first = await getPage(env, '/audit?action=block', s)
    expect(ids(first.html)).toHaveLength(50)
    expect(ids(first.html)[0]).toBe(120)
    const older = /href="(\/audit\?[^"]+)" class="btn" rel="next"/.exec(first.html)![1].replace(/&amp;/g, '&')
    expect(older).toBe('/audit?action=block&before=22')
    const second = await getPage(env, older, s)
    expect(ids(second.html)).toEqual(Array.from({ length: 10 }, (_, i) => 20 - 2 * i))
    expect(second.html).not.toContain('rel="next"')
  })

  it('is for signed-in operators only', async () => {
    const { env } = await seeded()
    expect((await getPage(env, '/audit')).location).toBe('/login')
  })
})
