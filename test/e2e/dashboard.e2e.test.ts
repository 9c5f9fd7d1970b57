// The dashboard in real Chromium: sign in, create a customer through the form, push reports
// through the API, find it on the fleet, open it, show the diff against a fake controller.
// Screenshots land in test-artifacts/ for a human to look at.
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServerAdapter } from '@whatwg-node/server'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { router } from '../../functions/routes.js'
import { setState } from '../../lib/store/hub-state.js'
import { chromiumPath } from '../support/chromium.js'
import { DASHBOARD_PASSWORD, dashboardEnv } from '../support/dashboard.js'
import { GLOBAL_KEY, type TestEnv } from '../support/env.js'
import { managedCustomer } from '../support/factories.js'
import { fixtureTemplate, reportFor } from '../support/fixtures.js'
import { startFakeController, type FakeController } from '../support/fake-controller.js'

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname
let env: TestEnv
let server: Server
let base: string
let browser: Browser
let controller: FakeController | null = null

beforeAll(async () => {
  env = await dashboardEnv({ config: { server: { public_url: 'https://hub.felhom.eu' } } as never })
  const adapter = createServerAdapter((req: Request) => router.fetch(req, env))
  server = createServer(adapter)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  mkdirSync(ARTIFACTS, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await controller?.close()
  server?.closeAllConnections()
  await new Promise<void>((r) => server?.close(() => r()))
})

/**
 * Chromium from CHROMIUM_PATH, else on PATH or where it is usually installed. Launched inside the
 * test, so a missing browser fails the test with chromiumPath()'s message instead of skipping it.
 */
async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

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

describe('dashboard in Chromium', () => {
  it('signs in, creates a customer, finds its report on the fleet, opens it and shows the diff', async () => {
    browser = await launchBrowser()
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const problems: string[] = []
    page.on('console', (m) => {
      // The form answered with errors is a 400 document on purpose; anything else (a CSP
      // violation, a 404) is not.
      if (m.type() === 'error' && !m.text().includes('status of 400')) problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))

    // 1. Sign in.
    await page.goto(`${base}/`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.screenshot({ path: `${ARTIFACTS}login.png` })
    await page.fill('input[name=password]', DASHBOARD_PASSWORD)
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')])
    await expect(page.locator('h1').textContent()).resolves.toBe('Fleet')

    // 2. Create a customer through the form; the credentials are shown once.
    await page.click('a.nav-link[href="/configs/new"]')
    await page.fill('#customer_id', 'Kovács!')
    await page.fill('#disk_warn_percent', '95')
    await page.fill('#disk_critical_percent', '90')
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Create customer")')])
    await expect(page.locator('#customer_id-error').textContent()).resolves.toContain('customer id')
    await page.screenshot({ path: `${ARTIFACTS}config-form-errors.png`, fullPage: true })
    await page.fill('#disk_warn_percent', '')
    await page.fill('#disk_critical_percent', '')
    await page.fill('#customer_id', 'kovacs-csalad')
    await page.fill('#display_name', 'Kovács család')
    await page.fill('#domain', 'kovacs-csalad.felhom.eu')
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Create customer")')])
    const apiKey = (await page.locator('[data-secret=api_key]').textContent())!.trim()
    expect(apiKey).toMatch(/^fhk_/)
    await page.screenshot({ path: `${ARTIFACTS}created.png`, fullPage: true })

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

    // 5. The fleet shows it, problems first.
    await page.click('a.nav-link[href="/"]')
    const row = page.locator('tr[data-customer="kovacs-csalad"]')
    await expect(row.locator('.badge').textContent()).resolves.toBe('WARN')
    await expect(row.textContent()).resolves.toContain('update available')
    await expect(page.locator('tbody tr').first().getAttribute('data-customer')).resolves.toBe('nagy-bt')
    await page.screenshot({ path: `${ARTIFACTS}fleet.png`, fullPage: true })

    await page.click('a.nav-link[href="/configs"]')
    await page.screenshot({ path: `${ARTIFACTS}configs.png`, fullPage: true })
    await page.click('a.nav-link[href="/"]')

    // 6. Its detail page.
    await Promise.all([page.waitForLoadState('load'), row.locator('a').first().click()])
    expect(new URL(page.url()).pathname).toBe('/customers/kovacs-csalad')
    await expect(page.locator('[data-state]').getAttribute('data-state')).resolves.toBe('reporting')
    expect(await page.locator('.chart polyline').count()).toBe(4)
    const firstContainers = await page.locator('tr.problem td:first-child').allTextContents()
    expect(firstContainers).toEqual(['homeassistant', 'jellyfin'])
    expect(await page.content()).not.toContain(apiKey)
    await page.screenshot({ path: `${ARTIFACTS}customer.png`, fullPage: true })

    // 7. The diff against the fake controller.
    await Promise.all([page.waitForLoadState('load'), page.click('a:has-text("Show diff")')])
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
    await page.screenshot({ path: `${ARTIFACTS}config-diff.png`, fullPage: true })

    // 8. Push the config from the detail page; the flash says what happened.
    await page.goto(`${base}/customers/kovacs-csalad`)
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Push config")')])
    await expect(page.locator('.flash').textContent()).resolves.toContain('Config pushed')
    expect(controller.liveConfig).toContain('kovacs-csalad')

    // 9. The other two states of the detail page, for the eye.
    await page.goto(`${base}/customers/szabo-iroda`)
    await expect(page.locator('[data-state]').getAttribute('data-state')).resolves.toBe('waiting')
    await page.screenshot({ path: `${ARTIFACTS}customer-waiting.png`, fullPage: true })
    await page.goto(`${base}/customers/nagy-bt`)
    await expect(page.locator('[data-state]').getAttribute('data-state')).resolves.toBe('manual')
    await page.screenshot({ path: `${ARTIFACTS}customer-manual.png`, fullPage: true })

    expect(problems).toEqual([])
    await page.close()
  })
})
