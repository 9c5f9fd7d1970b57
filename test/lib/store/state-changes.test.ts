// Ingest records a node's state only where it changes, in one statement per group commit, and the
// staleness job's states take their place in the same sequence.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { storeReports } from '../../../lib/store/reports.js'
import { changesFor, currentState } from '../../../lib/store/state-changes.js'
import { checkStaleness } from '../../../scheduled/staleness.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { bareReportRow } from '../../support/factories.js'
import { MIN, sendReport } from '../../support/scheduled-seed.js'

const T0 = Date.parse('2026-11-29T10:00:00Z')

async function states(env: TestEnv, customerId = 'kovacs-csalad') {
  const rs = await env.db.execute({
    sql: 'SELECT at, state FROM state_changes WHERE customer_id = ? ORDER BY at, id',
    args: [customerId],
  })
  return rs.rows.map((r) => [(Number(r.at) - T0) / MIN, String(r.state)])
}

describe('state changes', () => {
  it('are written at ingest only where the state changes; health warn counts as ok', async () => {
    const env = await testEnv({ clock: fixedClock(T0) })
    for (const [m, status] of [
      [0, 'ok'],
      [10, 'warn'],
      [20, 'ok'],
      [30, 'fail'],
      [40, 'fail'],
      [50, 'warn'],
    ] as const) {
      env.clock.set(T0 + m * MIN)
      await sendReport(env, 'kovacs-csalad', { health: { status } })
    }
    expect(await states(env)).toEqual([
      [0, 'ok'],
      [30, 'error'],
      [50, 'ok'],
    ])
  })

  it('take the staleness job’s stale and down at the instants they began, and the report that ends them', async () => {
    const env = await testEnv({ clock: fixedClock(T0) })
    await sendReport(env, 'kovacs-csalad')
    for (const m of [31, 47, 75]) {
      env.clock.set(T0 + m * MIN)
      await checkStaleness(env)
    }
    env.clock.set(T0 + 80 * MIN)
    await sendReport(env, 'kovacs-csalad', { health: { status: 'fail' } })
    await checkStaleness(env)
    expect(await states(env)).toEqual([
      [0, 'ok'],
      [30, 'stale'],
      [60, 'down'],
      [80, 'error'],
    ])
    expect(await currentState(env.db, 'kovacs-csalad')).toEqual({
      customerId: 'kovacs-csalad',
      at: T0 + 80 * MIN,
      state: 'error',
    })
  })

  it('are one statement for a group of a thousand customers', async () => {
    const env = await testEnv({ clock: fixedClock(T0) })
    const rows = Array.from({ length: 1000 }, (_, i) =>
      bareReportRow(`node-${i}`, T0, { health: i % 2 ? 'fail' : 'ok' }),
    )
    await storeReports(env.db, rows)
    const rs = await env.db.execute(
      'SELECT state, count(*) AS n FROM state_changes GROUP BY state ORDER BY state',
    )
    expect(rs.rows.map((r) => [r.state, r.n])).toEqual([
      ['error', 500],
      ['ok', 500],
    ])
  })

  it('are read for the customers a page asks for only, each with its state when the period began', async () => {
    const env = await testEnv({ clock: fixedClock(T0) })
    for (const id of ['a-node', 'b-node', 'c-node']) await sendReport(env, id)
    env.clock.set(T0 + 10 * MIN)
    await sendReport(env, 'b-node', { health: { status: 'fail' } })
    const page = await changesFor(env.db, T0 + 5 * MIN, T0 + 20 * MIN, ['b-node', 'c-node'])
    expect(page.map((c) => [c.customerId, (c.at - T0) / MIN, c.state])).toEqual([
      ['b-node', 0, 'ok'],
      ['b-node', 10, 'error'],
      ['c-node', 0, 'ok'],
    ])
    expect(await changesFor(env.db, T0, T0 + 20 * MIN, [])).toEqual([])
    expect((await changesFor(env.db, T0 + 5 * MIN, T0 + 20 * MIN)).map((c) => c.customerId)).toContain(
      'a-node',
    )
  })
})
