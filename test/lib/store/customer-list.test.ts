// The fleet lists read a page at a time and filter, order and count in SQL: the status rule there
// must be the one customerStatus (lib/reports/status.ts) applies.
import { describe, expect, it } from 'vitest'
import { customerStatus } from '../../../lib/reports/status.js'
import { countCustomers, fleetCounts, listCustomerPage } from '../../../lib/store/customer-list.js'
import { listCustomers } from '../../../lib/store/customers.js'
import { testEnv, type TestEnv } from '../../support/env.js'

const NOW = Date.parse('2026-11-29T04:30:00Z')
const STALE = 30 * 60_000

async function insert(env: TestEnv, rows: Record<string, unknown>[]) {
  for (const r of rows) {
    const cols = Object.keys(r)
    await env.db.execute({
      sql: `INSERT INTO customer_configs (${cols.join(', ')}, created_at, updated_at) VALUES (${cols.map(() => '?').join(', ')}, 0, 0)`,
      args: Object.values(r) as never,
    })
  }
}

describe('the customer list in SQL', () => {
  it('decides every status as customerStatus does, at the edges of the stale threshold too', async () => {
    const env = await testEnv()
    const rows: Record<string, unknown>[] = []
    let i = 0
    for (const blocked of [0, 1])
      for (const age of [null, 0, STALE, STALE + 1, 2 * STALE, 2 * STALE + 1])
        for (const monitoring of [null, 0, 1])
          for (const health of [null, 'ok', 'warn', 'fail'])
            rows.push({
              customer_id: `c-${String(i++).padStart(3, '0')}`,
              config_type: 'manual',
              blocked,
              last_report_at: age === null ? null : NOW - age,
              monitoring_enabled: monitoring,
              health,
            })
    await insert(env, rows)
    const listed = await listCustomerPage(env.db, { order: 'id', limit: 1000 }, NOW, STALE)
    expect(listed).toHaveLength(rows.length)
    for (const c of listed)
      expect([c.customerId, c.status]).toEqual([c.customerId, customerStatus(c, NOW, STALE)])
    const counts = await fleetCounts(env.db, NOW, STALE)
    const expected = { down: 0, warn: 0, pending: 0, disabled: 0, ok: 0, blocked: 0 }
    for (const c of await listCustomers(env.db)) expected[customerStatus(c, NOW, STALE)]++
    expect(counts.byStatus).toEqual(expected)
    expect(counts.total).toBe(rows.length)
  })

  it('orders problems first, then by id, and pages with limit and offset', async () => {
    const env = await testEnv()
    await insert(env, [
      { customer_id: 'aa-ok', config_type: 'manual', last_report_at: NOW, health: 'ok' },
      { customer_id: 'bb-down', config_type: 'manual', last_report_at: NOW, health: 'fail' },
      { customer_id: 'cc-pending', config_type: 'managed' },
      { customer_id: 'dd-warn', config_type: 'manual', last_report_at: NOW - STALE - 1 },
      { customer_id: 'ee-blocked', config_type: 'manual', blocked: 1 },
    ])
    const page = (offset: number) =>
      listCustomerPage(
        env.db,
        { order: 'problems-first', withoutBlocked: true, limit: 2, offset },
        NOW,
        STALE,
      )
    expect((await page(0)).map((c) => c.customerId)).toEqual(['bb-down', 'dd-warn'])
    expect((await page(2)).map((c) => c.customerId)).toEqual(['cc-pending', 'aa-ok'])
    expect(await page(4)).toEqual([])
    const after = await listCustomerPage(env.db, { order: 'id', limit: 2, afterId: 'bb-down' }, NOW, STALE)
    expect(after.map((c) => c.customerId)).toEqual(['cc-pending', 'dd-warn'])
  })

  it('searches id, display name and hostname in any case, taking % and _ literally', async () => {
    const env = await testEnv()
    await insert(env, [
      { customer_id: 'kovacs-csalad', display_name: 'Kovács család', config_type: 'managed' },
      { customer_id: 'nagy-bt', config_type: 'manual', hostname: 'FELHOM-Nagy', last_report_at: NOW },
      { customer_id: 'szabo', display_name: '100% Szabó_', config_type: 'managed' },
    ])
    const ids = async (search: string, status: 'ok' | 'pending' | null = null) =>
      (await listCustomerPage(env.db, { order: 'id', limit: 10, search, status }, NOW, STALE)).map(
        (c) => c.customerId,
      )
    expect(await ids('KOVACS')).toEqual(['kovacs-csalad'])
    expect(await ids('felhom-nagy')).toEqual(['nagy-bt'])
    expect(await ids('család')).toEqual(['kovacs-csalad'])
    expect(await ids('%')).toEqual(['szabo'])
    expect(await ids('_')).toEqual(['szabo'])
    expect(await ids('a', 'pending')).toEqual(['kovacs-csalad', 'szabo'])
    expect(await countCustomers(env.db, { search: 'a', status: 'ok' }, NOW, STALE)).toBe(1)
  })
})
