// Maintenance windows and uptime on the dashboard: set and end a window for a customer or the
// whole fleet, the badge and "until" on the fleet and the detail page, uptime on both.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { checkStaleness } from '../../../scheduled/staleness.js'
import { dashboardEnv, flashOf, follow, getPage, postForm, signIn } from '../../support/dashboard.js'
import { callJson } from '../../support/http.js'
import { MIN, sendReport } from '../../support/scheduled-seed.js'

const T0 = Date.parse('2026-11-29T21:30:00Z') // 22:30 in Budapest

async function fleet() {
  const env = await dashboardEnv({ clock: fixedClock(T0) })
  await sendReport(env, 'kovacs-csalad')
  await sendReport(env, 'nagy-bt')
  return { env, s: await signIn(env) }
}

describe('maintenance on the dashboard', () => {
  it('sets a window until 08:00 for a customer, shows its badge and end, and ends it', async () => {
    const { env, s } = await fleet()
    const res = await postForm(env, '/customers/kovacs-csalad/maintenance', s, {
      preset: 'morning',
      reason: 'disk swap',
    })
    expect(flashOf(res)).toEqual({
      kind: 'ok',
      text: expect.stringContaining('until 2026-11-30 08:00 Budapest'),
    })
    const api = await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad')
    expect(api.json.maintenance_until).toBe('2026-11-30T07:00:00Z')

    const detail = await follow(env, res, s)
    expect(detail.html).toContain('MAINTENANCE')
    expect(detail.html).toContain('until 2026-11-30 08:00 Budapest')
    expect(detail.html).toContain('disk swap')
    const row = (html: string, id: string) => html.split(`data-customer="${id}"`)[1].split('</tr>')[0]
    const page = await getPage(env, '/', s)
    expect(row(page.html, 'kovacs-csalad')).toContain('MAINTENANCE')
    expect(row(page.html, 'nagy-bt')).not.toContain('MAINTENANCE')

    const windowId = /name="window_id" value="(\d+)"/.exec(detail.html)![1]
    const ended = await postForm(env, '/customers/kovacs-csalad/maintenance/end', s, { window_id: windowId })
    expect(flashOf(ended)).toMatchObject({ kind: 'ok' })
    expect((await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad')).json.maintenance_until).toBeNull()
  })

  it('keeps a reason with control characters whole, each of them a space', async () => {
    const { env, s } = await fleet()
    await postForm(env, '/customers/kovacs-csalad/maintenance', s, {
      preset: '1h',
      reason: 'disk\u0000swap\tnow',
    })
    const detail = await getPage(env, '/customers/kovacs-csalad', s)
    expect(detail.html).toContain('disk swap now')
  })

  it('takes 1 h, 4 h and a custom end in Budapest time, and refuses a bad one without storing it', async () => {
    const { env, s } = await fleet()
    await postForm(env, '/customers/kovacs-csalad/maintenance', s, { preset: '4h' })
    await postForm(env, '/customers/nagy-bt/maintenance', s, {
      preset: 'custom',
      ends_at: '2026-12-01T09:15',
    })
    const list = (await callJson(env, 'GET', '/api/v1/customers')).json.customers
    expect(list.map((c: any) => c.maintenance_until)).toEqual([
      '2026-11-30T01:30:00Z',
      '2026-12-01T08:15:00Z',
    ])
    const bad = await postForm(env, '/customers/nagy-bt/maintenance', s, {
      preset: 'custom',
      ends_at: '2026-12-24T09:15',
    })
    expect(flashOf(bad)).toMatchObject({ kind: 'error', text: expect.stringContaining('at most 7 days') })
    expect((await env.db.execute('SELECT count(*) AS n FROM maintenance_windows')).rows[0].n).toBe(2)
  })

  it("will not end another customer's window from this customer's page", async () => {
    const { env, s } = await fleet()
    await postForm(env, '/customers/nagy-bt/maintenance', s, { preset: '1h' })
    const res = await postForm(env, '/customers/kovacs-csalad/maintenance/end', s, { window_id: '1' })
    expect(flashOf(res)).toMatchObject({ kind: 'error' })
    expect((await callJson(env, 'GET', '/api/v1/customers/nagy-bt')).json.maintenance_until).not.toBeNull()
  })

  it('sets and ends a fleet-wide window from the fleet page, covering every customer', async () => {
    const { env, s } = await fleet()
    const res = await postForm(env, '/maintenance', s, { preset: '1h', reason: 'hub upgrade' })
    expect(res.location).toBe('/')
    const page = await follow(env, res, s)
    expect(page.html).toContain('(whole fleet)')
    expect(page.html).toContain('hub upgrade')
    expect(page.html.match(/MAINTENANCE/g)).toHaveLength(2)
    const id = /action="\/maintenance\/(\d+)\/end"/.exec(page.html)![1]
    expect(flashOf(await postForm(env, `/maintenance/${id}/end`, s))).toMatchObject({ kind: 'ok' })
    expect((await getPage(env, '/', s)).html).not.toContain('MAINTENANCE')
  })

  it('answers a window id that is no number with a message, not a 500, and ends nothing', async () => {
    const { env, s } = await fleet()
    await postForm(env, '/maintenance', s, { preset: '1h' })
    await postForm(env, '/customers/kovacs-csalad/maintenance', s, { preset: '1h' })
    for (const id of ['abc', '1e309', '%F0%9F%98%80']) {
      const fleetEnd = await postForm(env, `/maintenance/${id}/end`, s)
      expect(fleetEnd.status).toBe(303)
      expect(flashOf(fleetEnd)).toEqual({ kind: 'error', text: 'No such fleet-wide maintenance window.' })
    }
    for (const id of ['abc', '1e309', '-1e309', '\u0000', '😀']) {
      const end = await postForm(env, '/customers/kovacs-csalad/maintenance/end', s, { window_id: id })
      expect(end.status).toBe(303)
      expect(flashOf(end)).toEqual({ kind: 'error', text: 'No such maintenance window for this customer.' })
    }
    expect((await getPage(env, '/', s)).html.match(/MAINTENANCE/g)).toHaveLength(2)
  })
})

describe('uptime on the dashboard', () => {
  it('shows 30 days on the fleet and 24 h, 30 d and 90 d on the detail page', async () => {
    const { env, s } = await fleet()
    for (let m = 10; m <= 120; m += 10) {
      env.clock.set(T0 + m * MIN)
      if (m < 30 || m >= 90) await sendReport(env, 'kovacs-csalad')
      await sendReport(env, 'nagy-bt')
      await checkStaleness(env)
    }
    // kovacs-csalad: last report at +20, stale at +50, back at +90: 40 of 120 minutes down.
    const page = await getPage(env, '/', s)
    const row = page.html.split('data-customer="kovacs-csalad"')[1].split('</tr>')[0]
    expect(row).toContain('66.66%')
    const detail = await getPage(env, '/customers/kovacs-csalad', s)
    for (const p of ['24h', '30d', '90d']) expect(detail.html).toContain(`data-uptime="${p}">66.66%`)
  })
})
