import { describe, expect, it } from 'vitest'
import { setBlocked } from '../../../lib/store/customers.js'
import { setState } from '../../../lib/store/hub-state.js'
import { dashboardEnv, getPage, postForm, signIn } from '../../support/dashboard.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { fixtureReport } from '../../support/fixtures.js'
import { call } from '../../support/http.js'
import { prune } from '../../../scheduled/prune.js'

type Env = Awaited<ReturnType<typeof dashboardEnv>>

/** One customer in each status. */
async function fleetOfEveryStatus(env: Env) {
  await sendReport(env, 'ok-one', { health: { status: 'ok' } })
  await sendReport(env, 'warn-one', { health: { status: 'warn' } })
  await sendReport(env, 'down-one', { health: { status: 'fail' } })
  await sendReport(env, 'disabled-one', { health: { status: 'ok' }, monitoring_enabled: false })
  await managedCustomer(env, 'pending-one')
  await sendReport(env, 'blocked-one', { health: { status: 'ok' } })
  await setBlocked(env.db, 'blocked-one', true, env.clock.now().getTime())
}

const event = (env: Env, body: Record<string, string>) => call(env, 'POST', '/api/v1/event', { body })

const rowOf = (html: string, id: string) => {
  const m = new RegExp(`<tr[^>]*data-customer="${id}"[^>]*>(.*?)</tr>`, 's').exec(html)
  return m ? m[0] : null
}
const order = (html: string) => [...html.matchAll(/<tr[^>]*data-customer="([^"]+)"/g)].map((m) => m[1])

describe('GET / (fleet)', () => {
  it('shows each status in its colour, problems first, blocked customers left out, with counts per status', async () => {
    const env = await dashboardEnv()
    await fleetOfEveryStatus(env)
    const res = await getPage(env, '/', await signIn(env))
    expect(res.status).toBe(200)
    expect(rowOf(res.html, 'ok-one')).toContain('class="badge badge-ok">OK<')
    expect(rowOf(res.html, 'warn-one')).toContain('class="badge badge-warn">WARN<')
    expect(rowOf(res.html, 'down-one')).toContain('class="badge badge-down">DOWN<')
    expect(rowOf(res.html, 'disabled-one')).toContain('class="badge badge-disabled">DISABLED<')
    expect(rowOf(res.html, 'pending-one')).toContain('class="badge badge-pending">PENDING<')
    expect(rowOf(res.html, 'blocked-one')).toBeNull()
    expect(order(res.html)).toEqual(['down-one', 'warn-one', 'pending-one', 'disabled-one', 'ok-one'])
    for (const s of ['down', 'warn', 'pending', 'disabled', 'ok']) {
      expect(res.html).toMatch(new RegExp(`tile-${s}"><span class="summary-count">1</span>`))
    }
  })

  it('refreshes through /assets/hub.js, with a plain Refresh link without JavaScript and no meta refresh', async () => {
    const env = await dashboardEnv()
    const res = await getPage(env, '/', await signIn(env))
    expect(res.html).not.toMatch(/http-equiv="refresh"/i)
    expect(res.html).toContain('<script src="/assets/hub.js" defer></script>')
    const control = /<div class="refresh" data-refresh-seconds="60">.*?<\/div>/.exec(res.html)?.[0]
    expect(control).toContain('<a href="/" class="refresh-link">Refresh</a>')
    // The pause button does nothing without the script, so the script is what shows it.
    expect(control).toContain('<button type="button" class="btn refresh-toggle" hidden>')
    expect(control).toContain('role="status"')
  })

  it('shows the age of the last report, the 24 h error and warning counts, and "update available" for older controllers', async () => {
    const env = await dashboardEnv()
    await sendReport(env, 'old-ctl', { controller_version: '1.8.2' })
    await sendReport(env, 'new-ctl', { controller_version: '1.9.0' })
    const latest = { tag: 'v1.9.0', version: '1.9.0', checked_at: '2026-11-29T04:00:00Z' }
    await setState(env.db, 'registry_latest_tag', JSON.stringify(latest), 0)
    for (const severity of ['error', 'error', 'warning']) {
      await event(env, { customer_id: 'old-ctl', event_type: 'backup_failed', severity, message: 'x' })
    }
    env.clock.advance(5 * 60_000)
    const res = await getPage(env, '/', await signIn(env))
    const old = rowOf(res.html, 'old-ctl')!
    expect(old).toContain('update available')
    expect(old).toContain('5 min ago')
    expect(old).toMatch(/count-error"[^>]*>2</)
    expect(old).toMatch(/count-warning"[^>]*>1</)
    expect(rowOf(res.html, 'new-ctl')).not.toContain('update available')
  })
})

/** Each column's header text and, per row, each cell's data-label: the phone layout's labels. */
function columnLabels(html: string) {
  const table = /<table class="table table-stack[^"]*">(.*?)<\/table>/s.exec(html)![1]
  const text = (cell: string) => cell.replace(/<[^>]+>/g, '').trim()
  const headers = [...table.matchAll(/<th[^>]*>(.*?)<\/th>/gs)].map((m) => text(m[1]))
  const rows = [...table.matchAll(/<tr[^>]*data-customer[^>]*>(.*?)<\/tr>/gs)].map((row) =>
    [...row[1].matchAll(/<td([^>]*)>/g)].map((td) => /data-label="([^"]*)"/.exec(td[1])?.[1] ?? ''),
  )
  return { headers, rows }
}

describe('phone layout of the fleet and customers tables', () => {
  it('labels every cell with its column header, so a stacked row still says what each value is', async () => {
    const env = await dashboardEnv()
    await fleetOfEveryStatus(env)
    const session = await signIn(env)
    const fleet = columnLabels((await getPage(env, '/', session)).html)
    expect(fleet.rows).toHaveLength(5)
    for (const row of fleet.rows) expect(row).toEqual(fleet.headers)
    const configs = columnLabels((await getPage(env, '/configs', session)).html)
    expect(configs.rows).toHaveLength(6)
    // The last column holds the "Edit config" link: its header is for screen readers only.
    expect(configs.headers.at(-1)).toBe('Actions')
    for (const row of configs.rows) expect(row).toEqual([...configs.headers.slice(0, -1), ''])
  })
})

describe('GET /configs', () => {
  it('lists every customer with MANAGED or MANUAL, blocked ones greyed out with a BLOCKED badge', async () => {
    const env = await dashboardEnv()
    await fleetOfEveryStatus(env)
    const res = await getPage(env, '/configs', await signIn(env))
    expect(order(res.html)).toHaveLength(6)
    const blocked = rowOf(res.html, 'blocked-one')!
    expect(blocked).toContain('class="row-blocked"')
    expect(blocked).toContain('badge-blocked">BLOCKED<')
    expect(rowOf(res.html, 'pending-one')).toContain('MANAGED')
    expect(rowOf(res.html, 'ok-one')).toContain('MANUAL')
  })

  it('shows an active managed customer without a report as MANAGED with no status, as the Go hub did', async () => {
    const env = await dashboardEnv()
    await fleetOfEveryStatus(env)
    const row = rowOf((await getPage(env, '/configs', await signIn(env))).html, 'pending-one')!
    expect(row).toContain('MANAGED')
    expect(row).toContain('no status')
    expect(row).not.toContain('PENDING')
    // Only this page: the API keeps the contract's status (docs/api.md §3).
    const list = await (await call(env, 'GET', '/api/v1/customers')).json()
    expect(list.customers.find((c: any) => c.customer_id === 'pending-one').status).toBe('pending')
  })
})

describe('GET /customers/:id', () => {
  it('managed and reporting: system, storage bars, containers, backups, charts, credentials hidden, YAML masked', async () => {
    const env = await dashboardEnv()
    const tokens = { tunnelToken: 'tunnel-secret-xyz', registryToken: 'registry-secret-xyz' }
    const creds = await managedCustomer(env, 'kovacs-csalad', tokens)
    await sendReport(env, 'kovacs-csalad')
    const res = await getPage(env, '/customers/kovacs-csalad', await signIn(env))
    expect(res.status).toBe(200)
    expect(res.html).toContain('data-state="reporting"')
    expect(res.html).toContain('felhom-kovacs')
    expect(res.html).toMatch(/data-mount="\/mnt\/hdd1".*?class="bar-warn" x="0" y="0" width="83\.0"/s)
    expect(res.html).toContain('Cross-drive copy')
    expect(res.html).toContain('class="chart-line"')
    expect(res.html).toContain('action="/customers/kovacs-csalad/push-config"')
    expect(res.html).toContain('Generated controller.yaml')
    expect(res.html).toContain('api_key: &quot;••••••&quot;')
    expect(res.html).not.toContain(creds.api_key)
    expect(res.html).not.toContain(creds.retrieval_password)
    expect(res.html).not.toContain('tunnel-secret-xyz')
    expect(res.html).not.toContain('registry-secret-xyz')
  })

  it('managed without a report: waiting, with setup commands that use a placeholder for the password', async () => {
    const config = { server: { public_url: 'https://hub.example.test' } } as never
    const env = await dashboardEnv({ config })
    const creds = await managedCustomer(env, 'uj-ugyfel')
    const res = await getPage(env, '/customers/uj-ugyfel', await signIn(env))
    expect(res.html).toContain('data-state="waiting"')
    expect(res.html).toContain('badge-pending')
    expect(res.html).toContain('https://hub.example.test/api/v1/config/uj-ugyfel')
    expect(res.html).toContain('&lt;RETRIEVAL_PASSWORD>')
    expect(res.html).not.toContain(creds.retrieval_password)
    expect(res.html).not.toContain('Containers')
  })

  it("opens a blocked customer's page with the blocked banner, and only that customer's", async () => {
    const env = await dashboardEnv()
    await fleetOfEveryStatus(env)
    const s = await signIn(env)
    const blocked = (await getPage(env, '/customers/blocked-one', s)).html
    expect(blocked).toMatch(
      /<div class="banner banner-blocked" role="alert">This customer is blocked: its reports and events are stored, but it gets no config and no\s+notifications/,
    )
    // At the top: before the page heading.
    expect(blocked.indexOf('banner-blocked')).toBeLessThan(blocked.indexOf('class="page-head"'))
    expect((await getPage(env, '/customers/ok-one', s)).html).not.toContain('banner-blocked')
  })

  it('keeps delete (config only) and purge (everything) apart in the danger zone', async () => {
    const env = await dashboardEnv()
    await managedCustomer(env, 'kovacs-csalad')
    await sendReport(env, 'nagy-bt')
    const s = await signIn(env)
    const managed = (await getPage(env, '/customers/kovacs-csalad', s)).html
    expect(managed).toContain('action="/customers/kovacs-csalad/delete"')
    expect(managed).toContain('action="/customers/kovacs-csalad/purge"')
    expect(managed).toContain('Reports, history, events, notifications and infra backups stay')
    expect(managed).toContain('Erases everything the hub holds for this customer')
    // A manual customer has no config to delete; purge is still there.
    const manual = (await getPage(env, '/customers/nagy-bt', s)).html
    expect(manual).not.toContain('action="/customers/nagy-bt/delete"')
    expect(manual).toContain('action="/customers/nagy-bt/purge"')
  })

  it('manual: the report, a Create config action, and no credentials, YAML or controller actions', async () => {
    const env = await dashboardEnv()
    await sendReport(env, 'nagy-bt')
    const res = await getPage(env, '/customers/nagy-bt', await signIn(env))
    expect(res.html).toContain('data-state="manual"')
    expect(res.html).toContain('action="/customers/nagy-bt/create-config"')
    expect(res.html).toContain('Containers')
    expect(res.html).not.toContain('Credentials')
    expect(res.html).not.toContain('push-config')
    expect(res.html).not.toContain('Generated controller.yaml')
  })

  it('renders report fields as text: a container named <script> cannot run', async () => {
    const env = await dashboardEnv()
    const evil = { name: '<script>alert(1)</script>', image: '"><img src=x onerror=alert(2)>' }
    const containers = [{ ...evil, state: 'exited', restarts: 0 }]
    await sendReport(env, 'evil-corp', { containers, hostname: '<b>host</b>' })
    const res = await getPage(env, '/customers/evil-corp', await signIn(env))
    expect(res.html).toContain('&lt;script>alert(1)&lt;/script>')
    expect(res.html).not.toContain('<script>')
    expect(res.html).not.toContain('<img src=x')
    expect(res.html).not.toContain('<b>host</b>')
  })

  it('puts problem containers first', async () => {
    const env = await dashboardEnv()
    const containers = [
      { name: 'aaa-fine', state: 'running', health: 'healthy', restarts: 0 },
      { name: 'zzz-stopped', state: 'exited', restarts: 0 },
      { name: 'mmm-flapping', state: 'running', health: 'healthy', restarts: 12 },
    ]
    await sendReport(env, 'nagy-bt', { containers })
    const res = await getPage(env, '/customers/nagy-bt', await signIn(env))
    const names = [...res.html.matchAll(/<td class="strong cell-title"[^>]*>([^<]+)<\/td>/g)].map((m) => m[1])
    expect(names).toEqual(['mmm-flapping', 'zzz-stopped', 'aaa-fine'])
  })

  it('filters the events timeline by severity through the query string', async () => {
    const env = await dashboardEnv()
    await sendReport(env, 'nagy-bt')
    const nagy = { customer_id: 'nagy-bt' }
    await event(env, { ...nagy, event_type: 'backup_failed', severity: 'error', message: 'restic exited 1' })
    await event(env, { ...nagy, event_type: 'backup_completed', severity: 'info', message: 'all good' })
    const s = await signIn(env)
    const all = await getPage(env, '/customers/nagy-bt', s)
    expect(all.html).toContain('restic exited 1')
    expect(all.html).toContain('all good')
    const errors = await getPage(env, '/customers/nagy-bt?severity=error', s)
    expect(errors.html).toContain('restic exited 1')
    expect(errors.html).not.toContain('all good')
  })

  it('draws history for the chosen period only', async () => {
    const env = await dashboardEnv()
    env.clock.advance(-3 * 86_400_000)
    await sendReport(env, 'nagy-bt', { system: { ...fixtureReport().system, cpu_percent: 90 } })
    env.clock.advance(3 * 86_400_000)
    await sendReport(env, 'nagy-bt', { system: { ...fixtureReport().system, cpu_percent: 10 } })
    const s = await signIn(env)
    const day = await getPage(env, '/customers/nagy-bt', s)
    expect(day.html).toMatch(/data-series="CPU".*?1 sample</s)
    const week = await getPage(env, '/customers/nagy-bt?period=7d', s)
    expect(week.html).toMatch(/data-series="CPU".*?max 90%.*?2 samples/s)
  })

  it('draws a month from hourly points, with the hour’s peak as the maximum, after the prune folded them', async () => {
    const env = await dashboardEnv()
    const now = env.clock.now().getTime()
    env.clock.set(now - 10 * 86_400_000)
    await sendReport(env, 'nagy-bt', { system: { ...fixtureReport().system, cpu_percent: 90 } })
    env.clock.advance(15 * 60_000)
    await sendReport(env, 'nagy-bt', { system: { ...fixtureReport().system, cpu_percent: 10 } })
    env.clock.set(now)
    await sendReport(env, 'nagy-bt', { system: { ...fixtureReport().system, cpu_percent: 20 } })
    expect(await prune(env)).toMatchObject({ downsampled: 2 })
    const s = await signIn(env)
    const month = await getPage(env, '/customers/nagy-bt?period=30d', s)
    expect(month.html).toMatch(/data-series="CPU".*?now 20% · max 90%.*?2 hourly points/s)
  })

  it('reveals the API key and retrieval password only in the answer to a POST with the CSRF token', async () => {
    const env = await dashboardEnv()
    const creds = await managedCustomer(env, 'kovacs-csalad')
    const s = await signIn(env)
    const refused = await postForm(env, '/customers/kovacs-csalad/reveal-credentials', s, { _csrf: 'wrong' })
    expect(refused.status).toBe(403)
    expect(refused.html).not.toContain(creds.api_key)
    const res = await postForm(env, '/customers/kovacs-csalad/reveal-credentials', s)
    expect(res.status).toBe(200)
    expect(res.html).toContain(creds.api_key)
    expect(res.html).toContain(creds.retrieval_password)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(env.log.lines.join('\n')).not.toContain(creds.api_key)
    expect((await getPage(env, '/customers/kovacs-csalad', s)).html).not.toContain(creds.api_key)
  })

  it('answers an unknown customer with a 404 page', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const res = await getPage(env, '/customers/nobody-here', s)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect((await getPage(env, '/customers/NOT%20VALID', s)).status).toBe(404)
  })
})
