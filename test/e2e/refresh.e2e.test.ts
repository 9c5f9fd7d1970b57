// The fleet's auto-refresh (/assets/hub.js) in Chromium, on Playwright's fake clock: it reloads
// after a minute left alone, and not while paused, hidden or in use. Without JavaScript there is
// a Refresh link and nothing reloads by itself.
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serveHub, type ServedHub } from '../support/serve.js'
import { launchChromium } from '../support/chromium.js'
import { dashboardEnv, signIn } from '../support/dashboard.js'
import type { TestEnv } from '../support/env.js'
import { sendReport } from '../support/factories.js'

let env: TestEnv
let served: ServedHub | undefined
let base: string
let browser: Browser
let context: BrowserContext | null = null
const START = Date.parse('2026-12-01T08:00:00Z')

beforeAll(async () => {
  served = await serveHub(() => env)
  base = served.base
  browser = await launchChromium()
})

// testEnv closes its database after each test: each test gets its own, the server serves it.
beforeEach(async () => {
  env = await dashboardEnv()
  await sendReport(env, 'kovacs-csalad')
})

afterEach(async () => {
  await context?.close()
  context = null
})

afterAll(async () => {
  await browser?.close()
  await served?.close()
})

/** A signed-in page on the fleet, its clock under the test's control. */
async function openFleet(opts: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...opts })
  const session = await signIn(env)
  const [name, value] = session.cookie.split('=')
  await context.addCookies([{ name, value, url: base, httpOnly: true }])
  // Paused before the page loads: time moves only when a test runs the clock.
  await context.clock.install({ time: START })
  await context.clock.pauseAt(START + 1_000)
  const page = await context.newPage()
  await page.goto(`${base}/`)
  if (opts.javaScriptEnabled === false) return page
  // A mark on this document: a reload replaces the document and the mark with it.
  await page.evaluate(() => ((window as unknown as { mark: string }).mark = 'first load'))
  return page
}

/** Still the document openFleet loaded, and not about to leave it. */
async function stillFirstLoad(page: Page): Promise<boolean> {
  const mark = await page.evaluate(() => (window as unknown as { mark?: string }).mark)
  const state = await page.locator('[data-refresh-seconds]').getAttribute('data-refresh-state')
  return mark === 'first load' && state !== 'reloading'
}

/** Runs the fake clock for `ms` and waits for the reload that must come of it. */
async function expectReloadWithin(page: Page, ms: number) {
  await Promise.all([page.waitForEvent('load'), page.clock.runFor(ms)])
  expect(await page.evaluate(() => (window as unknown as { mark?: string }).mark)).toBeUndefined()
}

const toggle = (page: Page) => page.locator('.refresh-toggle')
const status = (page: Page) => page.getByRole('status')

describe('the fleet refresh script', () => {
  it('reloads the fleet after a minute in which nobody uses it, and not before', async () => {
    const page = await openFleet()
    await expect(status(page).textContent()).resolves.toBe('Auto-refresh every minute.')
    await page.clock.runFor(58_000)
    expect(await stillFirstLoad(page)).toBe(true)
    await expectReloadWithin(page, 3_000)
    await expect(page.locator('h1').textContent()).resolves.toBe('Fleet')
  })

  it('does not reload while paused with the button, says so, and counts on after resuming', async () => {
    const page = await openFleet()
    const pause = page.getByRole('button', { name: 'Pause auto-refresh' })
    await pause.focus()
    await page.keyboard.press('Enter')
    await expect(toggle(page).textContent()).resolves.toBe('Resume auto-refresh')
    await expect(status(page).textContent()).resolves.toBe('Auto-refresh paused.')
    await page.clock.runFor(10 * 60_000)
    expect(await stillFirstLoad(page)).toBe(true)

    await page.getByRole('button', { name: 'Resume auto-refresh' }).click()
    await expect(status(page).textContent()).resolves.toBe('Auto-refresh every minute.')
    await expectReloadWithin(page, 15_000 + 61_000)
  })

  it('does not reload while the page is hidden, and reloads once it is visible and left alone', async () => {
    const page = await openFleet()
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h })
        Object.defineProperty(document, 'visibilityState', {
          configurable: true,
          get: () => (h ? 'hidden' : 'visible'),
        })
        document.dispatchEvent(new Event('visibilitychange'))
      }, hidden)
    await setHidden(true)
    await page.clock.runFor(10 * 60_000)
    expect(await stillFirstLoad(page)).toBe(true)
    await setHidden(false)
    await expectReloadWithin(page, 61_000)
  })

  it('waits while the page is in use: recent pointer activity, focus in a form field, an open <details>', async () => {
    const page = await openFleet()
    // 1. Pointer activity holds the count for 15 s after the last move.
    await page.clock.runFor(50_000)
    await page.mouse.move(100, 300)
    await page.clock.runFor(14_000)
    expect(await stillFirstLoad(page)).toBe(true)

    // 2. A form field with the focus (the fleet's own forms are buttons; a field stands in for one).
    await page.evaluate(() => {
      const input = document.createElement('input')
      input.id = 'note'
      input.setAttribute('aria-label', 'note')
      document.querySelector('main')!.append(input)
    })
    await page.focus('#note')
    await page.clock.runFor(10 * 60_000)
    expect(await stillFirstLoad(page)).toBe(true)

    // 3. An open <details> (a menu, a form folded out).
    await page.evaluate(() => {
      const details = document.createElement('details')
      details.id = 'more'
      details.open = true
      details.innerHTML = '<summary>More</summary>'
      document.querySelector('main')!.append(details)
      ;(document.activeElement as HTMLElement).blur()
    })
    await page.clock.runFor(10 * 60_000)
    expect(await stillFirstLoad(page)).toBe(true)

    // 4. Closed again and left alone: the rest of the minute runs out.
    // (By id: the fleet has <details> of its own, the fleet-wide maintenance form.)
    await page.evaluate(() => document.querySelector('#more')!.removeAttribute('open'))
    await expectReloadWithin(page, 15_000)
  })

  it('without JavaScript shows a Refresh link instead, and never reloads by itself', async () => {
    const page = await openFleet({ javaScriptEnabled: false })
    await expect(page.getByRole('link', { name: 'Refresh' }).getAttribute('href')).resolves.toBe('/')
    expect(await toggle(page).isVisible()).toBe(false)
    expect(await page.locator('meta[http-equiv]').count()).toBe(0)
  })
})
