// The dashboard in real Chromium: sign in, create a customer through the form, push reports
// through the API, find it on the fleet, open it, show the diff against a fake controller. Every
// page state on the way is checked at 1440×900 and 390×844 (checkPage): no sideways scrolling, no
// serious or critical axe-core violation, and a screenshot in test-artifacts/screenshots/ for a
// human to look at.
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setState } from '../../lib/store/hub-state.js'
import { serveHub, type ServedHub } from '../support/serve.js'
import { launchChromium } from '../support/chromium.js'
import { DASHBOARD_PASSWORD, dashboardEnv } from '../support/dashboard.js'
import { GLOBAL_KEY, type TestEnv } from '../support/env.js'
import { managedCustomer } from '../support/factories.js'
import { fixtureTemplate, reportFor } from '../support/fixtures.js'
import { startFakeController, type FakeController } from '../support/fake-controller.js'
import { checkPage } from '../support/page-checks.js'

let env: TestEnv
let served: ServedHub | undefined
let base: string
let browser: Browser
let controller: FakeController | null = null

beforeAll(async () => {
  env = await dashboardEnv({ config: { server: { public_url: 'https://hub.felhom.eu' } } as never })
  served = await serveHub(() => env)
  base = served.base
})

afterAll(async () => {
  await browser?.close()
  await controller?.close()
  await served?.close()
})

async function report(customerId: string, patch: Record<string, unknown> = {}) {
  const res = await fetch(`${base}/api/v1/report`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${GLOBAL_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(reportFor(customerId, patch)),
  })
  expect(res.status).toBe(200)
}

/** A day of reports every 30 minutes, so the charts have something to draw. */
async function reportHistory(customerId: string, patch: (i: number) => Record<string, unknown>) {
  const end = env.clock.now().getTime()
  for (let i = 48; i >= 0; i--) {
    env.clock.set(new Date(end - i * 30 * 60_000))
    await report(customerId, patch(i))
  }
  env.clock.set(new Date(end))
}

/** A customer whose every shown string is as long and unbreakable as the hub accepts. */
const LONG_ID = `hosszu-${'x'.repeat(56)}`
const longReport = () => ({
  hostname: `felhom-${'nagyonhosszugepnev'.repeat(6)}`,
  controller_version: `1.9.0-rc.1+build.${'0123456789abcdef'.repeat(2)}`,
  controller_url: `https://${'nagyonhosszualdomain'.repeat(3)}.felhom.eu/${'x'.repeat(80)}`,
  storage: reportFor('x').storage.map((d: Record<string, unknown>) => ({
    ...d,
    mount: `/mnt/${'m'.repeat(70)}`,
  })),
})

/**
 * Console errors and failed subresources (a CSP violation, a missing asset) are problems; a
 * document answered with 400/401/404 is a page state under test, not one.
 */
function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(e.message))
  page.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`))
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400)
      problems.push(`${r.url()}: ${r.status()}`)
  })
  return problems
}

describe('dashboard in Chromium', () => {
  it('signs in, creates a customer, finds its report on the fleet, opens it and shows the diff; every page fits a phone and passes axe', async () => {
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    const problems = watchProblems(page)
    /** Clicks something that loads a new page, and waits for that page. */
    const click = (selector: string) =>
      Promise.all([page.waitForEvent('load'), page.click(selector)]).then(() => undefined)

    // 1. Sign in, once wrong; the fleet is empty.
    await page.goto(`${base}/`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await checkPage(page, 'login')
    await page.fill('input[name=password]', 'not the password')
    await click('button[type=submit]')
    await expect(page.locator('.flash-error').textContent()).resolves.toBe('Wrong password.')
    await checkPage(page, 'login-error')
    await page.fill('input[name=password]', DASHBOARD_PASSWORD)
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')])
    await expect(page.locator('h1').textContent()).resolves.toBe('Fleet')
    await expect(page.locator('.card.empty').textContent()).resolves.toContain('No customers yet')
    await checkPage(page, 'fleet-empty')

    // 2. Create a customer through the form; the credentials are shown once.
    await click('a.nav-link[href="/configs/new"]')
    await checkPage(page, 'config-form-new')
    await page.fill('#customer_id', 'Kovács!')
    await page.fill('#disk_warn_percent', '95')
    await page.fill('#disk_critical_percent', '90')
    await click('button:has-text("Create customer")')
    await expect(page.locator('#customer_id-error').textContent()).resolves.toContain('customer id')
    await checkPage(page, 'config-form-errors')
    await page.fill('#disk_warn_percent', '')
    await page.fill('#disk_critical_percent', '')
    await page.fill('#customer_id', 'kovacs-csalad')
    await page.fill('#display_name', 'Kovács család')
    await page.fill('#domain', 'kovacs-csalad.felhom.eu')
    await click('button:has-text("Create customer")')
    const apiKey = (await page.locator('[data-secret=api_key]').textContent())!.trim()
    expect(apiKey).toMatch(/^fhk_/)
    await checkPage(page, 'created')
    // 3. The customer's controller: a fake that runs a config slightly different from the hub's.
    const live = fixtureTemplate()
      .replace('id: ""', 'id: "kovacs-csalad"')
      .replace('disk_warn_percent: 80', 'disk_warn_percent: 85')
      .replace('auto_update: false', 'auto_update: true')
      .replace('token: ""                   # infrastructure token', 'token: "tunnel-live-secret"')
      .replace('  language: "hu"\n', '')
      .replace('restart_threshold: 5\n', 'restart_threshold: 5\n  smart_check: "6h"\n')
    controller = await startFakeController({ apiKey, liveConfig: live })

    // 4. Reports through the API (global key), plus a few neighbours for the fleet.
    await managedCustomer(env, 'blokkolt-kft', { displayName: 'Blokkolt Kft.' })
    await report('blokkolt-kft')
    await env.db.execute("UPDATE customer_configs SET blocked = 1 WHERE customer_id = 'blokkolt-kft'")
    const latest = { tag: 'v1.9.0', version: '1.9.0', checked_at: '2026-11-29T04:00:00Z' }
    await setState(env.db, 'registry_latest_tag', JSON.stringify(latest), env.clock.now().getTime())
    await reportHistory('kovacs-csalad', (i) => ({
      controller_url: controller!.url,
      system: {
        ...reportFor('x').system,
        cpu_percent: 5 + ((i * 7) % 30),
        temperature_c: 44 + ((i * 3) % 9),
      },
    }))
    const containers = reportFor('x').containers.map((c: Record<string, unknown>) =>
      c.name === 'homeassistant'
        ? { ...c, restarts: 9 }
        : c.name === 'jellyfin'
          ? { ...c, state: 'exited', health: 'none' }
          : c,
    )
    await report('kovacs-csalad', { controller_url: controller.url, containers })
    for (const [event_type, severity, message] of [
      ['backup_completed', 'info', 'Backup finished in 13 min, 38 snapshots'],
      ['disk_space_warning', 'warning', '/mnt/hdd1 is 83% full'],
      ['container_restart_loop', 'error', 'homeassistant restarted 9 times in 1 h'],
    ]) {
      const res = await fetch(`${base}/api/v1/event`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${GLOBAL_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer_id: 'kovacs-csalad', event_type, severity, message }),
      })
      expect(res.status).toBe(201)
    }
    await managedCustomer(env, 'szabo-iroda', { displayName: 'Szabó Iroda' })
    env.clock.advance(-3 * 3600_000)
    const healthy = { controller_version: '1.9.0', health: { status: 'ok' } }
    await report('nagy-bt', { ...healthy, hostname: 'felhom-nagy' })
    env.clock.advance(3 * 3600_000)
    await report('toth-haz', { ...healthy, hostname: 'felhom-toth' })
    await report('kiss-pekseg', { hostname: 'felhom-kiss', monitoring_enabled: false })

    await report(LONG_ID, longReport())
    const longMessage = `Backup of ${'/srv/nagyonhosszukonyvtar'.repeat(8)} failed`
    const res = await fetch(`${base}/api/v1/event`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${GLOBAL_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        customer_id: LONG_ID,
        event_type: 'backup_failed',
        severity: 'error',
        message: longMessage,
      }),
    })
    expect(res.status).toBe(201)

    // 5. The fleet shows it, problems first; a flash message (here a long error) sits on top.
    await click('a.nav-link[href="/"]')
    const row = page.locator('tr[data-customer="kovacs-csalad"]')
    await expect(row.locator('.badge').textContent()).resolves.toBe('WARN')
    await expect(row.textContent()).resolves.toContain('update available')
    await expect(page.locator('tbody tr').first().getAttribute('data-customer')).resolves.toBe('nagy-bt')
    await checkPage(page, 'fleet')
    const flash = {
      kind: 'error',
      text: `Could not reach ${longReport().controller_url}: connection refused`,
    }
    await context.addCookies([
      { name: 'hub_flash', value: encodeURIComponent(JSON.stringify(flash)), url: base, httpOnly: true },
    ])
    await page.reload()
    await expect(page.locator('.flash-error').textContent()).resolves.toBe(flash.text)
    await checkPage(page, 'fleet-flash')

    await click('a.nav-link[href="/configs"]')
    await expect(page.locator('tr.row-blocked').getAttribute('data-customer')).resolves.toBe('blokkolt-kft')
    await checkPage(page, 'configs')
    await click('a.nav-link[href="/"]')

    // 6. Its detail page, then with the credentials revealed.
    await click('tr[data-customer="kovacs-csalad"] a')
    expect(new URL(page.url()).pathname).toBe('/customers/kovacs-csalad')
    await expect(page.locator('[data-state]').getAttribute('data-state')).resolves.toBe('reporting')
    expect(await page.locator('.chart polyline').count()).toBe(4)
    const firstContainers = await page.locator('tr.problem td:first-child').allTextContents()
    expect(firstContainers).toEqual(['homeassistant', 'jellyfin'])
    expect(await page.content()).not.toContain(apiKey)
    await checkPage(page, 'customer')
    await click('#credentials button:has-text("Reveal")')
    await expect(page.locator('[data-secret=api_key]').textContent()).resolves.toBe(apiKey)
    await checkPage(page, 'customer-credentials')

    // 7. The diff against the fake controller.
    await page.goto(`${base}/customers/kovacs-csalad`)
    await click('a:has-text("Show diff")')
    const kinds = await page
      .locator('tr[data-path]')
      .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-path')}=${r.getAttribute('data-kind')}`))
    expect(kinds).toContain('monitoring.disk_warn_percent=changed')
    expect(kinds).toContain('registry.auto_update=changed')
    expect(kinds).toContain('tunnel.token=changed')
    expect(kinds).toContain('customer.language=only_hub')
    expect(kinds).toContain('monitoring.smart_check=only_controller')
    expect(await page.content()).not.toContain('tunnel-live-secret')
    expect(controller.requests.at(-1)?.headers.authorization).toBe(`Bearer ${apiKey}`)
    await checkPage(page, 'config-diff')

    // 8. Push the config from the detail page; the flash says what happened.
    await page.goto(`${base}/customers/kovacs-csalad`)
    await click('button:has-text("Push config")')
    await expect(page.locator('.flash').textContent()).resolves.toContain('Config pushed')
    expect(controller.liveConfig).toContain('kovacs-csalad')
    await checkPage(page, 'customer-flash')
    await click('a.btn:has-text("Edit config")')
    await expect(page.locator('#customer_id').inputValue()).resolves.toBe('kovacs-csalad')
    await checkPage(page, 'config-form-edit')

    // 9. The other states of the detail page, and the pages around it.
    await page.goto(`${base}/customers/szabo-iroda`)
    await expect(page.locator('[data-state]').getAttribute('data-state')).resolves.toBe('waiting')
    await checkPage(page, 'customer-waiting')
    await page.goto(`${base}/customers/szabo-iroda/config-diff`)
    await expect(page.locator('.flash-error').count()).resolves.toBe(1)
    await checkPage(page, 'config-diff-error')
    await page.goto(`${base}/customers/nagy-bt`)
    await expect(page.locator('[data-state]').getAttribute('data-state')).resolves.toBe('manual')
    await checkPage(page, 'customer-manual')
    await page.goto(`${base}/customers/blokkolt-kft`)
    await expect(page.locator('.banner-blocked').count()).resolves.toBe(1)
    await checkPage(page, 'customer-blocked')
    await page.goto(`${base}/customers/${LONG_ID}`)
    await expect(page.locator('h1').textContent()).resolves.toBe(longReport().hostname)
    await checkPage(page, 'customer-long-strings')
    expect((await page.goto(`${base}/customers/nincs-ilyen`))?.status()).toBe(404)
    await checkPage(page, 'not-found')

    expect(problems).toEqual([])
    await context.close()
  }, 240_000)
})
