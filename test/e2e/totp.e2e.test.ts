// Sign-in with a second factor in real Chromium: set up the authenticator on the security page
// (the QR code rendered under the strict CSP), sign out, sign in with the password and a code the
// test computes from the secret the page showed; a wrong code is refused on the way.
import { Secret } from 'otpauth/slim'
import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { totpCode } from '../../lib/auth/totp.js'
import { serveHub, type ServedHub } from '../support/serve.js'
import { launchChromium } from '../support/chromium.js'
import { checkPage } from '../support/page-checks.js'
import { DASHBOARD_PASSWORD, dashboardEnv } from '../support/dashboard.js'
import type { TestEnv } from '../support/env.js'

let env: TestEnv
let served: ServedHub | undefined
let base: string
let browser: Browser | undefined

beforeAll(async () => {
  env = await dashboardEnv()
  served = await serveHub(() => env)
  base = served.base
})

afterAll(async () => {
  await browser?.close()
  await served?.close()
})

describe('sign-in with TOTP in Chromium', () => {
  it('sets up the authenticator, then signs in with password and code; a wrong code is refused', async () => {
    browser = await launchChromium()
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const problems: string[] = []
    page.on('console', (m) => {
      // Refusals are answered with 4xx documents on purpose; anything else (a CSP violation) is not.
      if (m.type() === 'error' && !/status of 40[01]/.test(m.text())) problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    const now = () => env.clock.now().getTime()

    // 1. Sign in with the password alone (no factor yet) and set one up on the security page.
    await page.goto(`${base}/login`)
    await page.fill('input[name=password]', DASHBOARD_PASSWORD)
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')])
    await page.click('a.nav-link[href="/settings/security"]')
    await Promise.all([
      page.waitForURL(`${base}/settings/security`),
      page.click('button:has-text("Set up the authenticator app")'),
    ])
    const qr = page.locator('.qr svg')
    await expect(qr.count()).resolves.toBe(1)
    const box = (await qr.boundingBox())!
    expect(box.width).toBeGreaterThan(150) // sized by the stylesheet, not an inline style
    await checkPage(page, 'totp-enrol')
    const shown = (await page.locator('[data-secret=totp]').textContent())!.replace(/\s/g, '')
    const secret = Secret.fromBase32(shown).bytes
    await page.fill('#code', totpCode(secret, now()))
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Activate")')])
    await expect(page.locator('.recovery-codes li').count()).resolves.toBe(10)
    await checkPage(page, 'totp-recovery-codes')

    // 2. Sign out; half a minute later, sign in again: the password leads to the code step.
    await Promise.all([page.waitForURL(`${base}/login`), page.click('button:has-text("Log out")')])
    env.clock.advance(30_000)
    await page.fill('input[name=password]', DASHBOARD_PASSWORD)
    await Promise.all([page.waitForURL(`${base}/login/code`), page.click('button[type=submit]')])
    await checkPage(page, 'login-code-step')

    // 3. A wrong code is refused, and nothing opens.
    const right = totpCode(secret, now())
    await page.fill('input[name=code]', right === '000000' ? '999999' : '000000')
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')])
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('Wrong code.')
    expect(new URL(page.url()).pathname).toBe('/login/code')
    await page.goto(`${base}/`)
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.goto(`${base}/login/code`)

    // 4. The right code reaches the fleet.
    await page.fill('input[name=code]', right)
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')])
    await expect(page.locator('h1').textContent()).resolves.toBe('Fleet')
    await page.goto(`${base}/audit?action=second_factor`)
    await expect(page.locator('table.audit tbody tr').count()).resolves.toBe(2)
    await checkPage(page, 'audit')
    await page.goto(`${base}/settings/sessions`)
    await checkPage(page, 'sessions')
    await page.goto(`${base}/settings/security`)
    await checkPage(page, 'security-enrolled')
    expect(problems).toEqual([])
  })
})
