// The browser checks every dashboard page goes through (test/support/page-checks.ts) must catch
// what they are for, or a passing e2e run means nothing: a page wider than the phone, content cut
// off at a box's edge, a serious axe-core finding. And they must let through what is meant.
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'
import { accessibilityProblems, horizontalOverflow, VIEWPORTS } from '../support/page-checks.js'

let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchChromium()
  page = await (await browser.newContext({ viewport: VIEWPORTS.phone })).newPage()
})

afterAll(async () => {
  await browser?.close()
})

const html = (body: string) =>
  `<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>${body}</main></body></html>`

describe('horizontalOverflow', () => {
  it('names a page wider than the viewport and the element that makes it so', async () => {
    await page.setContent(html('<div id="wide" style="width: 600px">x</div>'))
    expect(await horizontalOverflow(page)).toEqual([
      'document: scrollWidth 608 > 390',
      'div#wide: 8..608 of 390',
    ])
  })

  it('names an element cut off by a box that hides its overflow', async () => {
    await page.setContent(
      html(
        '<div class="box" style="width: 200px; overflow: hidden"><span style="display: inline-block; width: 300px">x</span></div>',
      ),
    )
    expect(await horizontalOverflow(page)).toEqual(['span: 8..308, cut off by div.box at 8..208'])
  })

  it('lets through a wide table inside a scroll box, a visually hidden header, and a page that fits', async () => {
    await page.setContent(
      html(
        '<div style="overflow-x: auto"><table style="width: 900px"><tr><td>x</td></tr></table></div>' +
          '<div style="position: absolute; width: 1px; height: 1px; overflow: hidden"><span>a long hidden header</span></div>',
      ),
    )
    expect(await horizontalOverflow(page)).toEqual([])
  })
})

describe('accessibilityProblems', () => {
  it('reports serious and critical axe-core findings, naming rule and element', async () => {
    await page.setContent(
      html('<p class="faint" style="color: #bbb">faint text</p><img src="data:," class="photo">'),
    )
    const { serious } = await accessibilityProblems(page)
    expect(serious).toEqual([
      expect.stringMatching(/^serious color-contrast .*: p$/),
      expect.stringMatching(/^critical image-alt .*: img$/),
    ])
  })

  it('finds nothing to report on a plain, well-formed page', async () => {
    await page.setContent(html('<p>Readable text.</p>'))
    expect((await accessibilityProblems(page)).serious).toEqual([])
  })
})
