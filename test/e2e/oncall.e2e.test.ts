// On call in real Chromium, as a smoke: the channels page and its test button, a node going down,
// acknowledging it from the signed link (GET shows the button, the click acknowledges), a
// maintenance window on the detail page and one for the fleet; no console errors (the strict CSP
// included) on any of them, and each page state passes the page checks (no sideways overflow, no
// serious axe finding) at desktop and phone size.
import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channelsSchema } from '../../lib/core/channels.js'
import { fixedClock } from '../../lib/core/clock.js'
import { checkStaleness } from '../../scheduled/staleness.js'
import { serveHub, type ServedHub } from '../support/serve.js'
import { launchChromium } from '../support/chromium.js'
import { DASHBOARD_PASSWORD, dashboardEnv } from '../support/dashboard.js'
import type { TestEnv } from '../support/env.js'
import { startFakeNtfy, type FakeNtfy } from '../support/fake-push.js'
import { MIN, sendReport } from '../support/scheduled-seed.js'
import { checkPage } from '../support/page-checks.js'

let env: TestEnv
let served: ServedHub | undefined
let base: string
let browser: Browser | undefined
let ntfy: FakeNtfy

beforeAll(async () => {
  ntfy = await startFakeNtfy()
  const channels = channelsSchema.parse([{ type: 'ntfy', url: ntfy.topicUrl, token: ntfy.token }])
  env = await dashboardEnv({
    clock: fixedClock('2026-11-29T21:00:00Z'),
    config: { notifications: { channels } } as never,
  })
  served = await serveHub(() => env)
  base = served.base
  // Links in the alerts point at this server.
  env.config.server.public_url = base
})

afterAll(async () => {
  await browser?.close()
  await served?.close()
})

describe('on call in Chromium', () => {
  it('tests a channel, acknowledges a down node from its link and sets maintenance windows', async () => {
    browser = await launchChromium()
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))

    await page.goto(`${base}/login`)
    await page.fill('input[name=password]', DASHBOARD_PASSWORD)
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')])

    // 1. The channels page, its secret masked, and a test message.
    await page.click('a.nav-link[href="/settings/channels"]')
    expect(await page.content()).not.toContain(ntfy.token)
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Send test to ntfy #0")')])
    await expect(page.locator('.flash').textContent()).resolves.toContain('Test message sent')
    expect(ntfy.messages).toHaveLength(1)
    await checkPage(page, 'oncall-channels')

    // 2. A node goes down; the alert carries the acknowledgement link.
    await sendReport(env, 'kovacs-csalad')
    await sendReport(env, 'nagy-bt')
    env.clock.advance(61 * MIN)
    await sendReport(env, 'nagy-bt')
    await checkStaleness(env)
    await env.settle()
    const link = /Acknowledge, (\S+),/.exec(ntfy.messages.at(-1)!.actions)![1]
    await page.goto(link)
    await checkPage(page, 'oncall-ack-confirm')
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Acknowledge down")')])
    await expect(page.locator('h1').textContent()).resolves.toBe('Acknowledged')
    await checkPage(page, 'oncall-ack-done')

    // 3. The fleet says who acknowledged; the detail page sets a window until 08:00.
    await page.goto(`${base}/`)
    await expect(page.locator('tr[data-customer="kovacs-csalad"]').textContent()).resolves.toContain(
      'acknowledged by link',
    )
    await page.goto(`${base}/customers/kovacs-csalad`)
    await page.check('#oncall-heading ~ form input[value="morning"]')
    await page.fill('#maintenance-reason', 'power cut in the street')
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Start maintenance")')])
    await expect(page.locator('.flash').textContent()).resolves.toContain('in maintenance until')
    await checkPage(page, 'oncall-customer-maintenance')

    // 4. A fleet-wide window from the fleet page.
    await page.goto(`${base}/`)
    await page.click('summary:has-text("Start a fleet-wide window")')
    await page.fill('#fleet-maintenance-reason', 'hub upgrade')
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('details button:has-text("Start maintenance")'),
    ])
    await expect(page.locator('.flash').textContent()).resolves.toContain('whole fleet is in maintenance')
    expect(await page.locator('tr[data-customer] .oncall-maintenance').count()).toBe(2)
    await checkPage(page, 'oncall-fleet-maintenance')

    expect(problems).toEqual([])
    await page.close()
  })
})
