// The fleet and customers pages at fleet scale: one page of rows at a time, server-side search
// (id, name, hostname), a status filter and a pager whose links keep the filters; the status
// counts still cover the whole fleet.
import { describe, expect, it } from 'vitest'
import { dashboardEnv, getPage, signIn } from '../../support/dashboard.js'
import type { TestEnv } from '../../support/env.js'

const MIN = 60_000

/** 250 homes: every tenth down (health fail), every 25th blocked, the rest ok. */
async function fleet(env: TestEnv) {
  const now = env.clock.now().getTime()
  const ids = Array.from({ length: 250 }, (_, i) => `home-${String(i).padStart(3, '0')}`)
  await env.db.execute({
    sql: `INSERT INTO customer_configs (customer_id, display_name, config_type, blocked, created_at, updated_at, last_report_at, health, hostname)
          VALUES ${ids.map(() => "(?, ?, 'manual', ?, 0, 0, ?, ?, ?)").join(', ')}`,
    args: ids.flatMap((id, i) => [
      id,
      i === 42 ? 'Kovács család' : '',
      i % 25 === 1 ? 1 : 0,
      now - 5 * MIN,
      i % 10 === 0 ? 'fail' : 'ok',
      i === 77 ? 'felhom-tetoter' : `felhom-${id}`,
    ]),
  })
}

const rowsOf = (html: string) =>
  [...html.matchAll(/<tr class="row-[a-z]+" data-customer="([^"]+)"/g)].map((m) => m[1])
const customerRows = (html: string) => [...html.matchAll(/<tr[^>]*data-customer="([^"]+)"/g)].map((m) => m[1])
const tile = (html: string, status: string) =>
  Number(new RegExp(`tile-${status}[^"]*"><span class="summary-count">(\\d+)<`).exec(html)?.[1])

describe('the fleet page at fleet scale', () => {
  it('shows 100 rows, problems first, with the counts of the whole fleet and a pager', async () => {
    const env = await dashboardEnv()
    await fleet(env)
    const s = await signIn(env)
    const first = await getPage(env, '/', s)
    const rows = rowsOf(first.html)
    expect(rows).toHaveLength(100)
    expect(rows.slice(0, 25)).toEqual(
      Array.from({ length: 25 }, (_, i) => `home-${String(i * 10).padStart(3, '0')}`),
    )
    // 250 homes, 10 blocked (left out of the fleet): 25 down and 215 ok.
    expect([tile(first.html, 'down'), tile(first.html, 'ok')]).toEqual([25, 215])
    expect(first.html).toContain('240 nodes')
    expect(first.html).toContain('1–100 of 240')
    expect(first.html).toContain('href="/?page=2"')
    const last = await getPage(env, '/?page=3', s)
    expect(rowsOf(last.html)).toHaveLength(40)
    expect(last.html).toContain('201–240 of 240')
    // A page past the end shows the last one; a page that is no number the first.
    expect(rowsOf((await getPage(env, '/?page=99', s)).html)).toEqual(rowsOf(last.html))
    expect(rowsOf((await getPage(env, '/?page=x', s)).html)).toEqual(rows)
  })

  it('filters by status and searches id, name and hostname, the links keeping the filters', async () => {
    const env = await dashboardEnv()
    await fleet(env)
    const s = await signIn(env)
    const down = await getPage(env, '/?status=down', s)
    expect(rowsOf(down.html)).toHaveLength(25)
    expect(down.html).toContain('value="down" selected')
    // The counts stay those of the whole fleet under a filter.
    expect(tile(down.html, 'ok')).toBe(215)
    expect(rowsOf((await getPage(env, '/?q=tetoter', s)).html)).toEqual(['home-077'])
    expect(rowsOf((await getPage(env, '/?q=kov%C3%A1cs', s)).html)).toEqual(['home-042'])
    // home-100..199 without the 10 down and the 4 blocked.
    const ok = await getPage(env, '/?q=home-1&status=ok', s)
    expect(rowsOf(ok.html)).toHaveLength(86)
    // The status tiles filter within the search; the pager keeps both.
    expect(ok.html).toContain('href="/?q=home-1&amp;status=down"')
    const allOk = await getPage(env, '/?status=ok', s)
    expect(allOk.html).toContain('href="/?status=ok&amp;page=2"')
    expect(allOk.html).toContain('value="ok" selected')
  })
})

describe('the customers page at fleet scale', () => {
  it('lists blocked customers too, by id, 100 a page, with search and the whole fleet’s totals', async () => {
    const env = await dashboardEnv()
    await fleet(env)
    const s = await signIn(env)
    const first = await getPage(env, '/configs', s)
    const rows = customerRows(first.html)
    expect(rows).toEqual(Array.from({ length: 100 }, (_, i) => `home-${String(i).padStart(3, '0')}`))
    expect(first.html).toContain('250 in total · 0 managed · 250 manual')
    expect(first.html).toContain('href="/configs?page=3"')
    const blocked = await getPage(env, '/configs?status=blocked', s)
    expect(customerRows(blocked.html)).toHaveLength(10)
    expect(blocked.html).toContain('250 in total')
    const none = await getPage(env, '/configs?q=nobody', s)
    expect(none.html).toContain('No customer matches these filters.')
  })
})
