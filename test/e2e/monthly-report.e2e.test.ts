// The households' parts in real Chromium: a month of reports and events through the API, the
// daily checks, then the monthly report preview at a desktop and a phone width (it must style
// itself under its own CSP and fit a phone without sideways scrolling), and the detail page's
// forecast, DR card and restore drill. Screenshots land in test-artifacts/ for a human to look at.
import { mkdirSync } from 'node:fs'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { runHouseholdChecks } from '../../scheduled/household-checks.js'
import { checkStaleness } from '../../scheduled/staleness.js'
import { serveHub, type ServedHub } from '../support/serve.js'
import { launchChromium } from '../support/chromium.js'
import { checkPage } from '../support/page-checks.js'
import { dashboardEnv, signIn } from '../support/dashboard.js'
import type { TestEnv } from '../support/env.js'
import { managedCustomer } from '../support/factories.js'
import { fixtureInfraBackup, fixtureReport } from '../support/fixtures.js'
import { call } from '../support/http.js'

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname
const HOUR = 3_600_000
const DAY = 24 * HOUR
// 1 December 2026, 09:00 in Budapest: the monthly report's slot.
const NOW = Date.parse('2026-12-01T08:00:00Z')
const MONTH_START = Date.parse('2026-10-31T23:00:00Z')
const TB3 = 3000592982016

let env: TestEnv
let served: ServedHub | undefined
let base: string
let browser: Browser

beforeAll(async () => {
  // Reports every 3 hours (not 15 minutes) keep the test short; the stale threshold follows.
  env = await dashboardEnv({
    clock: fixedClock(MONTH_START),
    config: { alerting: { stale_threshold: '4h' } },
  })
  served = await serveHub(() => env)
  base = served.base
  mkdirSync(ARTIFACTS, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await served?.close()
})

async function post(path: string, body: unknown) {
  const res = await call(env, 'POST', path, { body })
  expect(res.status, path).toBeLessThan(300)
}

/**
 * November of the Kovács household: reports every 3 hours (one missing on the 17th: two hours
 * without a sign of life), backups every night but the 10th's, which failed.
 */
async function seedNovember() {
  await managedCustomer(env, 'kovacs-csalad', { displayName: 'Kovács család' })
  const storage = (t: number) =>
    fixtureReport().storage.map((s: any) =>
      s.label === 'hdd1'
        ? { ...s, used_bytes: Math.round(TB3 * (0.7 + (0.006 * (t - MONTH_START)) / DAY)) }
        : s,
    )
  for (let t = MONTH_START; t < NOW; t += 3 * HOUR) {
    env.clock.set(t)
    // The missing report on the 17th: the staleness job (every minute on a live hub) sees the node
    // stale from 4 hours after its last report until the next one, two hours later.
    if (t > MONTH_START + 16 * DAY + 10 * HOUR && t < MONTH_START + 16 * DAY + 15 * HOUR) {
      env.clock.set(t + 2 * HOUR)
      await checkStaleness(env)
      continue
    }
    await post('/api/v1/report', { ...fixtureReport(), customer_id: 'kovacs-csalad', storage: storage(t) })
  }
  for (let d = 0; d <= 30; d++) {
    env.clock.set(MONTH_START + d * DAY + 3 * HOUR)
    if (d === 9) {
      await post('/api/v1/event', {
        customer_id: 'kovacs-csalad',
        event_type: 'backup_failed',
        severity: 'error',
        message: 'restic: repository locked',
      })
      continue
    }
    await post('/api/v1/event', {
      customer_id: 'kovacs-csalad',
      event_type: 'backup_completed',
      severity: 'info',
      message: 'ok',
    })
    await post('/api/v1/event', {
      customer_id: 'kovacs-csalad',
      event_type: 'crossdrive_backup_completed',
      severity: 'info',
      message: 'ok',
    })
  }
  env.clock.set(MONTH_START + 11 * DAY + 2 * HOUR)
  await post('/api/v1/event', {
    customer_id: 'kovacs-csalad',
    event_type: 'controller_updated',
    severity: 'info',
    message: 'Updated from 1.8.1 to 1.8.2',
  })
  env.clock.set(NOW - 4 * HOUR)
  await post('/api/v1/infra-backup', { ...fixtureInfraBackup(), customer_id: 'kovacs-csalad' })
  await post('/api/v1/preferences', {
    customer_id: 'kovacs-csalad',
    email: 'kovacs@example.hu',
    enabled_events: ['backup_failed'],
    monthly_report: true,
  })
  await env.settle()
  env.clock.set(NOW - 3 * HOUR + 15 * 60_000) // 06:15 Budapest: after the daily checks' slot
  await runHouseholdChecks(env)
  env.clock.set(NOW)
}

async function signedInPage(width: number, height: number): Promise<{ page: Page; problems: string[] }> {
  const session = await signIn(env)
  const [name, value] = session.cookie.split('=')
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: width < 500 ? 2 : 1,
  })
  await context.addCookies([{ name, value, url: base }])
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(e.message))
  return { page, problems }
}

describe('households in Chromium', () => {
  // One test: the env (and its database) lives for one test only.
  it('renders the monthly report on a desktop and a phone, and the forecast, DR badge and drill', async () => {
    await seedNovember()
    browser = await launchChromium()
    for (const [name, width, height] of [
      ['desktop', 1280, 900],
      ['phone', 390, 844],
    ] as const) {
      const { page, problems } = await signedInPage(width, height)
      const res = await page.goto(`${base}/customers/kovacs-csalad/monthly-report`)
      expect(res!.status()).toBe(200)
      expect(res!.headers()['content-security-policy']).toContain("style-src 'unsafe-inline'")
      await expect(page.title()).resolves.toBe('Felhom havi jelentés – 2026. november')
      const text = await page.locator('body').innerText()
      expect(text).toContain('Kedves Kovács család!')
      expect(text).toContain('2026 novemberében')
      expect(text).toMatch(/A gépe a hónap 99,\d%-ában volt elérhető\./)
      expect(text).toContain(
        'Ebben a hónapban 29 mentés készült el rendben. Egy alkalommal nem sikerült a mentés.',
      )
      expect(text).toContain('November 12-én frissült a gép felügyeleti programja (új változat: 1.8.2).')
      expect(text).toMatch(/nap múlva, (december|január) \d+\. körül telik meg\./)
      // The inline styles apply (a CSP that refused them would leave the browser's defaults)...
      const look = await page.evaluate(() => ({
        background: getComputedStyle(document.body).backgroundColor,
        font: getComputedStyle(document.querySelector('p')!).fontFamily,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      }))
      expect(look.background).toBe('rgb(243, 245, 244)')
      expect(look.font).toContain('Arial')
      // ...and nothing sticks out sideways, on the phone either.
      expect(look.overflow).toBeLessThanOrEqual(0)
      expect(problems).toEqual([])
      await page.screenshot({ path: `${ARTIFACTS}monthly-report-${name}.png`, fullPage: true })
      await page.context().close()
    }

    // The detail page: forecast, DR badge, restore drill; then the fleet's two columns.
    const { page, problems } = await signedInPage(1280, 900)
    await page.goto(`${base}/customers/kovacs-csalad`)
    await expect(page.locator('#disk-forecast tr[data-mount="/mnt/hdd1"]').textContent()).resolves.toMatch(
      /full in about \d+ days/,
    )
    await expect(page.locator('#dr-readiness .tag').first().textContent()).resolves.toBe('READY')
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Run restore drill")')])
    await expect(page.locator('.flash').textContent()).resolves.toContain('Restore drill passed')
    await expect(page.locator('#last-drill').textContent()).resolves.toContain('PASSED')
    await page.locator('#dr-readiness').scrollIntoViewIfNeeded()
    await checkPage(page, 'customer-households')
    await page.goto(`${base}/`)
    const row = page.locator('tr[data-customer="kovacs-csalad"]')
    await expect(row.textContent()).resolves.toContain('READY')
    await expect(row.textContent()).resolves.toContain('hdd1')
    await checkPage(page, 'fleet-households')
    expect(problems).toEqual([])
  })
})
