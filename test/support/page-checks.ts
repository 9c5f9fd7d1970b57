// What every dashboard page must pass in the browser, at a desktop and a phone size: nothing
// scrolls sideways, and axe-core finds no serious or critical accessibility violation. Any page
// (yours too) is checked with one call: `await checkPage(page, 'fleet-empty')`.
//
// The checks are soft (expect.soft): a flow test goes on to its next page state and fails at the
// end with every problem it met, each naming its page state and viewport.
import { mkdirSync, writeFileSync } from 'node:fs'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const
export type ViewportName = keyof typeof VIEWPORTS

export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname
export const SCREENSHOTS = `${ARTIFACTS}screenshots/`

/** What sticks out of the viewport or is cut off sideways, one line per element; empty when nothing. */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth
    const out: string[] = []
    const doc = document.documentElement
    if (doc.scrollWidth > width) out.push(`document: scrollWidth ${doc.scrollWidth} > ${width}`)
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : ''
      const cls =
        typeof el.className === 'string' && el.className
          ? `.${el.className.trim().split(/\s+/).join('.')}`
          : ''
      const data = [...el.attributes]
        .filter((a) => a.name.startsWith('data-'))
        .map((a) => `[${a.name}="${a.value.slice(0, 40)}"]`)
        .join('')
      return `${el.tagName.toLowerCase()}${id}${cls}${data}`
    }
    // An element inside a sideways scroll container may be as wide as it likes: only the
    // container has to fit (and is checked itself). One that sticks out of a box that hides its
    // overflow (a rounded table) is cut off, which is as bad as scrolling; a box of a pixel or two
    // is the visually-hidden pattern, and meant to be.
    const overflowX = (el: Element) => getComputedStyle(el).overflowX
    const insideScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (/^(auto|scroll)$/.test(overflowX(p))) return true
      }
      return false
    }
    const clipper = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (/^(hidden|clip)$/.test(overflowX(p))) return p
      }
      return null
    }
    const span = (r: DOMRect) => `${Math.round(r.left)}..${Math.round(r.right)}`
    const sticksOut = (el: Element) => {
      const r = el.getBoundingClientRect()
      if (r.width === 0 && r.height === 0) return null
      if (r.right > width + 0.5 || r.left < -0.5) return `${span(r)} of ${width}`
      const c = clipper(el)
      const cr = c?.getBoundingClientRect()
      if (c && cr && cr.width > 2 && (r.right > cr.right + 0.5 || r.left < cr.left - 0.5)) {
        return `${span(r)}, cut off by ${describe(c)} at ${span(cr)}`
      }
      return null
    }
    for (const el of document.body.querySelectorAll('*')) {
      if (insideScroller(el)) continue
      const problem = sticksOut(el)
      if (!problem) continue
      // Report the outermost offender only: its children stick out because it does.
      const parent = el.parentElement
      if (parent && parent !== document.body && sticksOut(parent)) continue
      out.push(`${describe(el)}: ${problem}`)
    }
    return out
  })
}

/** Fails (softly) when the page scrolls sideways or an element sticks out of the viewport. */
export async function expectNoOverflow(page: Page, where = page.url()): Promise<void> {
  expect.soft(await horizontalOverflow(page), `${where}: wider than the viewport`).toEqual([])
}

/** Serious and critical axe-core violations, one line each with the offending nodes. */
export async function accessibilityProblems(page: Page): Promise<{ serious: string[]; all: unknown[] }> {
  // Legacy mode runs axe inside the page instead of aggregating in an extra blank page: the
  // dashboard has no frames, so the results are the same, in half the time. Only violations are
  // collected (passes and incomplete results cost time and are not read).
  const results = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze()
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  const all = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
  }))
  return { serious, all }
}

/**
 * Fails (softly) on any serious or critical axe-core violation (all of axe's default rules run:
 * WCAG 2.x A and AA, and best practices). Every violation, of any impact, is written to
 * test-artifacts/accessibility/<state>.json for a human to read.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const { serious, all } = await accessibilityProblems(page)
  mkdirSync(`${ARTIFACTS}accessibility/`, { recursive: true })
  writeFileSync(`${ARTIFACTS}accessibility/${state}.json`, JSON.stringify(all, null, 2))
  expect.soft(serious, `${state}: serious or critical accessibility violations`).toEqual([])
}

/**
 * Checks the page as it is now at each viewport: a full-page screenshot to
 * test-artifacts/screenshots/<state>.<viewport>.png, no sideways overflow, no serious axe
 * violation. Leaves the page at the viewport it had.
 */
export async function checkPage(
  page: Page,
  state: string,
  viewports: ViewportName[] = ['desktop', 'phone'],
): Promise<void> {
  const before = page.viewportSize()
  mkdirSync(SCREENSHOTS, { recursive: true })
  for (const name of viewports) {
    await page.setViewportSize(VIEWPORTS[name])
    await page.screenshot({ path: `${SCREENSHOTS}${state}.${name}.png`, fullPage: true })
    await expectNoOverflow(page, `${state} at ${name}`)
    await expectAccessible(page, `${state}.${name}`)
  }
  if (before) await page.setViewportSize(before)
}
