// The households' dashboard parts: the monthly report preview (its own CSP), the monthly report
// toggle, the restore drill (POST with CSRF; results without secrets), and the forecast and DR
// badge on the detail and fleet pages.
import { describe, expect, it } from 'vitest'
import { PREVIEW_CSP } from '../../../functions/dashboard/households.js'
import { fixedClock } from '../../../lib/core/clock.js'
import { latestDrill } from '../../../lib/store/dr.js'
import { getPreferences } from '../../../lib/store/preferences.js'
import { CONTENT_SECURITY_POLICY } from '../../../pages/render.js'
import { runHouseholdChecks } from '../../../scheduled/household-checks.js'
import { dashboardEnv, flashOf, follow, getPage, postForm, signIn } from '../../support/dashboard.js'
import type { TestEnv } from '../../support/env.js'
import { fixtureInfraBackup, fixtureReport } from '../../support/fixtures.js'
import { call } from '../../support/http.js'

const NOW = '2026-12-02T10:00:00Z'
const SECRETS = ['correct-horse-battery-staple-7Qx2', 'tr0ub4dor-and-3-Kp9w', 'secret-tunnel-token']

async function household(opts: { infra?: Record<string, unknown> | null } = {}) {
  const env = await dashboardEnv({ clock: fixedClock(NOW) })
  const report = { ...fixtureReport(), customer_id: 'kovacs-csalad' }
  expect((await call(env, 'POST', '/api/v1/report', { body: report })).status).toBe(200)
  if (opts.infra !== null) {
    const body = { ...fixtureInfraBackup(), customer_id: 'kovacs-csalad', ...opts.infra }
    expect((await call(env, 'POST', '/api/v1/infra-backup', { body })).status).toBe(201)
  }
  await env.settle()
  return { env, s: await signIn(env) }
}

async function optIn(env: TestEnv, monthly_report?: boolean) {
  const body = {
    customer_id: 'kovacs-csalad',
    email: 'kovacs@example.hu',
    enabled_events: [],
    monthly_report,
  }
  expect((await call(env, 'POST', '/api/v1/preferences', { body })).status).toBe(200)
}

describe('GET /customers/:id/monthly-report', () => {
  it('shows last month’s email as the customer gets it, under a CSP of its own', async () => {
    const { env, s } = await household()
    const page = await getPage(env, '/customers/kovacs-csalad/monthly-report', s)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.html).toContain('<title>Felhom havi jelentés – 2026. november</title>')
    expect(page.html).toContain('style="')
    // Inline styles for this response only, and nothing else: no script, no image, a sandbox.
    const csp = page.headers.get('content-security-policy')!
    expect(csp).toBe(PREVIEW_CSP)
    expect(csp).toContain("style-src 'unsafe-inline'")
    expect(csp).toContain('sandbox')
    expect(csp).not.toMatch(/script-src|img-src/)
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
    expect(page.headers.get('x-frame-options')).toBe('DENY')
  })

  it('takes another month, a text version, and refuses a malformed month', async () => {
    const { env, s } = await household()
    expect((await getPage(env, '/customers/kovacs-csalad/monthly-report?month=2026-10', s)).html).toContain(
      '2026. október',
    )
    const text = await getPage(env, '/customers/kovacs-csalad/monthly-report?format=text', s)
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(text.html).toMatch(/^Subject: Felhom havi jelentés – 2026\. november\n\nKedves/)
    const bad = await getPage(env, '/customers/kovacs-csalad/monthly-report?month=2026-13', s)
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('month must be YYYY-MM')
  })

  it('needs a session, and a customer that exists', async () => {
    const { env, s } = await household()
    const anon = await getPage(env, '/customers/kovacs-csalad/monthly-report', null)
    expect([anon.status, anon.location]).toEqual([303, '/login'])
    expect((await getPage(env, '/customers/nincs-ilyen/monthly-report', s)).status).toBe(404)
  })
})

describe('POST /customers/:id/monthly-report-subscription', () => {
  it('turns the report on and off for a customer with preferences, and the API keeps it', async () => {
    const { env, s } = await household()
    await optIn(env)
    const on = await postForm(env, '/customers/kovacs-csalad/monthly-report-subscription', s, {
      monthly_report: 'on',
    })
    expect([on.status, on.location]).toEqual([303, '/customers/kovacs-csalad#monthly-report'])
    expect(flashOf(on)).toMatchObject({ kind: 'ok' })
    expect((await getPreferences(env.db, 'kovacs-csalad'))!.monthlyReport).toBe(true)
    await optIn(env) // the controller posts its preferences again, without the field
    expect((await getPreferences(env.db, 'kovacs-csalad'))!.monthlyReport).toBe(true)
    expect((await follow(env, on, s)).html).toContain('Turn off')
    await postForm(env, '/customers/kovacs-csalad/monthly-report-subscription', s, { monthly_report: 'off' })
    expect((await getPreferences(env.db, 'kovacs-csalad'))!.monthlyReport).toBe(false)
  })

  it('says why nothing changed without preferences, a choice, or the CSRF token', async () => {
    const { env, s } = await household()
    const none = await postForm(env, '/customers/kovacs-csalad/monthly-report-subscription', s, {
      monthly_report: 'on',
    })
    expect(flashOf(none)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('no notification preferences'),
    })
    await optIn(env)
    const odd = await postForm(env, '/customers/kovacs-csalad/monthly-report-subscription', s, {
      monthly_report: 'maybe',
    })
    expect(flashOf(odd)).toMatchObject({ kind: 'error' })
    const forged = await postForm(env, '/customers/kovacs-csalad/monthly-report-subscription', s, {
      _csrf: 'forged',
      monthly_report: 'on',
    })
    expect(forged.status).toBe(403)
    expect((await getPreferences(env.db, 'kovacs-csalad'))!.monthlyReport).toBeNull()
  })
})

describe('POST /customers/:id/restore-drill', () => {
  it('passes on a complete infra backup and shows the drill on the detail page', async () => {
    const { env, s } = await household()
    const res = await postForm(env, '/customers/kovacs-csalad/restore-drill', s)
    expect([res.status, res.location]).toEqual([303, '/customers/kovacs-csalad#dr-readiness'])
    expect(flashOf(res)).toMatchObject({ kind: 'ok', text: expect.stringContaining('Restore drill passed') })
    expect(await latestDrill(env.db, 'kovacs-csalad')).toMatchObject({
      ok: true,
      infraVersion: 1,
      failed: [],
    })
    const page = await follow(env, res, s)
    expect(page.html).toContain('id="last-drill"')
    expect(page.html).toContain('PASSED')
  })

  it('names the failed checks, records them, and never shows or logs a secret', async () => {
    const fixture = fixtureInfraBackup()
    const { env, s } = await household({
      infra: {
        disk_layout: { ...fixture.disk_layout, disks: [{ ...fixture.disk_layout.disks[0], uuid: '' }] },
        stacks: [{ display_name: 'Nextcloud' }],
      },
    })
    const res = await postForm(env, '/customers/kovacs-csalad/restore-drill', s)
    expect(flashOf(res)).toMatchObject({
      kind: 'error',
      text: 'Restore drill failed: disk_uuids, stacks_named. See "Disaster recovery" for why.',
    })
    expect(await latestDrill(env.db, 'kovacs-csalad')).toMatchObject({
      ok: false,
      failed: [
        { name: 'disk_uuids', problem: '1 of 1 disks have no UUID' },
        { name: 'stacks_named', problem: '1 of 1 stacks have no name' },
      ],
    })
    const page = await follow(env, res, s)
    expect(page.html).toContain('1 of 1 disks have no UUID')
    expect(page.html).toContain('NOT READY')
    const everything = [page.html, JSON.stringify(flashOf(res)), ...env.log.lines].join('\n')
    for (const secret of SECRETS) expect(everything).not.toContain(secret)
    const rows = await env.db.execute('SELECT * FROM dr_drills')
    for (const secret of SECRETS) expect(JSON.stringify(rows.rows)).not.toContain(secret)
  })

  it('reports a customer without any infra backup, and refuses a forged form', async () => {
    const { env, s } = await household({ infra: null })
    const forged = await postForm(env, '/customers/kovacs-csalad/restore-drill', s, { _csrf: 'forged' })
    expect(forged.status).toBe(403)
    expect(await latestDrill(env.db, 'kovacs-csalad')).toBeNull()
    const res = await postForm(env, '/customers/kovacs-csalad/restore-drill', s)
    expect(flashOf(res)).toMatchObject({ kind: 'error', text: expect.stringContaining('infra_backup') })
  })
})

describe('the detail and fleet pages', () => {
  it('show each mount’s forecast and the DR badge with its reasons', async () => {
    const { env, s } = await household()
    await runHouseholdChecks(env)
    const page = await getPage(env, '/customers/kovacs-csalad', s)
    expect(page.html).toContain('id="disk-forecast"')
    expect(page.html).toContain('no forecast: not enough recent history')
    // No backup event since the 05:00 deadline: at risk, saying why.
    expect(page.html).toContain('AT RISK')
    expect(page.html).toContain('no backup completed on 2026-12-02 by 05:00 (Budapest)')
    const fleet = await getPage(env, '/', s)
    expect(fleet.html).toContain('<th>Disk full</th>')
    expect(fleet.html).toMatch(
      /title="no backup completed on 2026-12-02[^"]*"><span class="tag tag-warning">AT RISK/,
    )
  })
})
