import { describe, expect, it } from 'vitest'
import { groupCommit } from '../../../lib/store/group-commit.js'
import { testEnv, type TestEnv } from '../../support/env.js'

/** A group commit over hub_state rows that records every group it is handed. */
function hubStateWriter(env: TestEnv) {
  const groups: string[][] = []
  const writer = groupCommit<string>(async (keys) => {
    groups.push(keys)
    await env.db.batch(
      keys.map((k) => ({
        sql: 'INSERT INTO hub_state (key, value, updated_at) VALUES (?, ?, 0)',
        args: [k, 'v'],
      })),
      'write',
    )
  })
  return { groups, submit: (key: string) => writer.submit(key) }
}

describe('groupCommit', () => {
  it('commits items that arrive together as one group, answering each caller', async () => {
    const env = await testEnv()
    const w = hubStateWriter(env)
    await Promise.all(Array.from({ length: 30 }, (_, i) => w.submit(`k${i}`)))
    expect((await env.db.execute('SELECT count(*) AS n FROM hub_state')).rows[0].n).toBe(30)
    expect(w.groups).toHaveLength(1)
    expect(w.groups[0]).toHaveLength(30)
  })

  it('hands a group its items in arrival order, and items that arrive during a commit to the next group', async () => {
    const env = await testEnv()
    const w = hubStateWriter(env)
    const first = [w.submit('r1'), w.submit('r2'), w.submit('r3')]
    await new Promise((r) => setTimeout(r, 0)) // the first group's commit has started
    const second = [w.submit('r4'), w.submit('r5')]
    await Promise.all([...first, ...second])
    expect(w.groups).toEqual([
      ['r1', 'r2', 'r3'],
      ['r4', 'r5'],
    ])
  })

  it('fails only the item that fails when a group fails; its neighbours are stored', async () => {
    const env = await testEnv()
    const w = hubStateWriter(env)
    await w.submit('taken')
    const outcomes = await Promise.allSettled([w.submit('a'), w.submit('taken'), w.submit('b')])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const rs = await env.db.execute('SELECT key FROM hub_state ORDER BY key')
    expect(rs.rows.map((r) => r.key)).toEqual(['a', 'b', 'taken'])
  })
})
