// Fleet operations in real Chromium, against a fleet of 20 fake controllers: a rollout previewed and
// started from the form without JavaScript, halted by a refusing node and shown with each node's
// timeline; the drift badge and notice; a queued action with its attempts. Screenshots at
// 1440×900 and 390×844 land in test-artifacts/ for a human to look at.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Browser, type Page } from 'playwright-core'
import { parse, stringify } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { generateControllerYaml } from '../../lib/controller-config/generate.js'
import { queueAction } from '../../lib/queued-actions/queue.js'
import { retryDue } from '../../lib/queued-actions/run.js'
import { getCustomer, readSecrets } from '../../lib/store/customers.js'
import { getRollout, nodesOf } from '../../lib/store/rollouts.js'
import { checkDriftFleet } from '../../scheduled/drift-check.js'
import { runRollouts } from '../../scheduled/rollouts.js'
import { serveHub, type ServedHub } from '../support/serve.js'
import { launchChromium } from '../support/chromium.js'
import { checkPage } from '../support/page-checks.js'
import { DASHBOARD_PASSWORD, dashboardEnv } from '../support/dashboard.js'
import type { TestEnv } from '../support/env.js'
import type { FakeFleet } from '../support/fake-fleet.js'
import { knownRelease, nodeId, seedFleet } from '../support/rollout-seed.js'

const DESKTOP = { width: 1440, height: 900 }
let env: TestEnv
let served: ServedHub | undefined
let base: string
let browser: Browser

beforeAll(async () => {
  env = await dashboardEnv({ clock: fixedClock('2026-11-30T08:00:00Z') })
  served = await serveHub(() => env)
  base = served.base
})

afterAll(async () => {
  await browser?.close()
  await served?.close()
})

/** Both sizes, through the dashboard's page checks: no sideways scrolling, nothing serious for axe. */
async function shoot(page: Page, name: string) {
  await checkPage(page, `fleet-ops-${name}`)
}

async function generated(id: string): Promise<string> {
  const c = (await getCustomer(env.db, id))!
  return generateControllerYaml(env, c, (await readSecrets(env.db, env.secrets, id))!)
}

async function drifted(id: string): Promise<string> {
  const v = parse(await generated(id))
  v.monitoring.disk_warn_percent = 85
  v.monitoring.smart_check = '6h'
  v.registry.auto_update = true
  return stringify(v)
}

describe('fleet operations in Chromium', () => {
  it(
    'previews and starts a rollout, shows its halt and timelines, the drift and a queued action',
    { timeout: 120_000 },
    async () => {
      const fleet: FakeFleet = await seedFleet(env, { size: 20 })
      await knownRelease(env, '1.9.0', ['1.8.5', '1.8.0'])
      await env.db.execute(
        "UPDATE customer_configs SET display_name = 'Kovács család' WHERE customer_id = 'node-03'",
      )

      browser = await launchChromium()
      const page = await browser.newPage({ viewport: DESKTOP })
      const problems: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text())
      })
      page.on('pageerror', (e) => problems.push(e.message))

      // 1. Sign in, open Rollouts from the navigation.
      await page.goto(`${base}/login`)
      await page.fill('input[name=password]', DASHBOARD_PASSWORD)
      await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')])
      await Promise.all([page.waitForLoadState('load'), page.click('a.nav-link[href="/rollouts"]')])
      await shoot(page, 'rollouts-empty')

      // 2. The form: choose the canary, preview (a plain GET), start (a POST).
      await Promise.all([page.waitForLoadState('load'), page.click('a:has-text("New rollout")')])
      await page.selectOption('#canary', nodeId(3))
      await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Preview waves")')])
      expect(new URL(page.url()).searchParams.get('canary')).toBe(nodeId(3))
      await expect(page.locator('#preview h2').textContent()).resolves.toContain('20 nodes in 4 waves')
      await shoot(page, 'rollout-new-preview')
      const wave50 = await (async () => {
        // Make one node of the 50% wave refuse its update, so the rollout halts there.
        await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Start rollout")')])
        await env.settle()
        return (await nodesOf(env.db, 1, 2)).map((n) => n.customerId)
      })()
      expect(new URL(page.url()).pathname).toBe('/rollouts/1')
      fleet.node(wave50[2]).behaviour = 'refuse'

      // 3. Time passes (the nodes report every few minutes): the canary and the 10% wave come back
      //    and soak, and the 50% wave halts on the refusing node.
      for (let i = 0; i < 20 && (await getRollout(env.db, 1))!.state === 'running'; i++) {
        await fleet.comeBack()
        env.clock.advance(8 * 60_000)
        await fleet.reportAll()
        await runRollouts(env)
      }
      await fleet.comeBack()
      await page.goto(`${base}/rollouts/1`)
      await expect(page.locator('.banner-halted').textContent()).resolves.toContain(
        'rejected the update request',
      )
      await expect(page.locator(`tr[data-customer="${wave50[2]}"]`).getAttribute('data-state')).resolves.toBe(
        'failed',
      )
      await shoot(page, 'rollout-halted')

      // 4. Skip the refusing node from its row; the page says what happened.
      await Promise.all([
        page.waitForLoadState('load'),
        page.locator(`tr[data-customer="${wave50[2]}"] button:has-text("Skip")`).click(),
      ])
      await expect(page.locator('.flash').textContent()).resolves.toContain('is skipped')
      await page.goto(`${base}/rollouts`)
      await shoot(page, 'rollouts-list')

      // 5. Drift: every node runs what the hub generates, but one differs in three keys.
      for (const n of fleet.nodes()) n.liveConfig = await generated(n.customerId)
      fleet.node(nodeId(5)).liveConfig = await drifted(nodeId(5))
      await fleet.reportAll()
      await checkDriftFleet(env)
      await page.goto(`${base}/`)
      await expect(page.locator(`tr[data-customer="${nodeId(5)}"] .drift-pill`).textContent()).resolves.toBe(
        'drift 3',
      )
      await shoot(page, 'fleet-drift')

      // 6. A queued push to a node that is off (nothing listens at its URL), tried twice.
      const off = await closedPort()
      fleet.node(nodeId(5)).url = off
      await fleet.report(nodeId(5))
      await queueAction(env, nodeId(5), 'push-config', null)
      await retryDue(env)
      env.clock.advance(2 * 60_000)
      await retryDue(env)
      await page.goto(`${base}/customers/${nodeId(5)}`)
      await expect(page.locator('.drift-notice').textContent()).resolves.toContain('3 keys')
      await expect(page.locator('.queued tr[data-state="pending"] .attempts li').count()).resolves.toBe(2)
      await shoot(page, 'customer-drift-queue')

      // 7. A failed push offers to queue it; queueing from the offer lands in the list.
      await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Push config")')])
      await expect(page.locator('.flash').textContent()).resolves.toContain('queue it below')
      await expect(page.locator('.queue-offer').count()).resolves.toBe(0) // already queued: no second offer
      await page.goto(`${base}/customers/${nodeId(6)}`)
      fleet.node(nodeId(6)).url = off
      await fleet.report(nodeId(6))
      await page.goto(`${base}/customers/${nodeId(6)}`)
      await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Push config")')])
      await expect(page.locator('.queue-offer h2').textContent()).resolves.toContain('Queue the config push')
      await shoot(page, 'customer-queue-offer')
      await Promise.all([
        page.waitForLoadState('load'),
        page.click('.queue-offer button:has-text("Queue it")'),
      ])
      await expect(page.locator('.flash').textContent()).resolves.toContain('is queued')

      expect(problems).toEqual([])
      await page.close()
    },
  )
})

/** A URL on 127.0.0.1 where nothing listens (a port just closed): connections are refused. */
async function closedPort(): Promise<string> {
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((r) => probe.close(() => r()))
  return `http://127.0.0.1:${port}`
}
