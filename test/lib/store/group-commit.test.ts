import { describe, expect, it } from 'vitest'
import { insertGrouped } from '../../../lib/store/group-commit.js'
import { testEnv, type TestEnv } from '../../support/env.js'

const HUB_STATE = 'hub_state (key, value, updated_at)'
const THROTTLE = 'throttle (key, failures, window_start)'
const row = (env: TestEnv, key: string) => insertGrouped(env.db, HUB_STATE, [key, 'v', 0])

/** Records the SQL of every batch the client is sent. */
function recordBatches(env: TestEnv): string[][] {
  const sent: string[][] = []
  const batch = env.db.batch.bind(env.db)
  env.db.batch = ((stmts: any, mode: any) => {
    sent.push(stmts.map((s: any) => s.sql))
    return batch(stmts, mode)
  }) as typeof env.db.batch
  return sent
}

describe('insertGrouped', () => {
  it('commits rows that arrive together in one transaction and one INSERT, answering each caller', async () => {
    const env = await testEnv()
    const sent = recordBatches(env)
    await Promise.all(Array.from({ length: 30 }, (_, i) => row(env, `k${i}`)))
    expect((await env.db.execute('SELECT count(*) AS n FROM hub_state')).rows[0].n).toBe(30)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toHaveLength(1)
  })

  it('merges consecutive rows for one target, keeping rows for another target between them in order', async () => {
    const env = await testEnv()
    const sent = recordBatches(env)
    await Promise.all([
      row(env, 'r1'),
      row(env, 'r2'),
      insertGrouped(env.db, THROTTLE, ['t3', 1, 0]),
      row(env, 'r4'),
    ])
    expect(sent).toEqual([
      [
        `INSERT INTO ${HUB_STATE} VALUES (?, ?, ?), (?, ?, ?)`,
        `INSERT INTO ${THROTTLE} VALUES (?, ?, ?)`,
        `INSERT INTO ${HUB_STATE} VALUES (?, ?, ?)`,
      ],
    ])
    const rs = await env.db.execute('SELECT key FROM hub_state ORDER BY rowid')
    expect(rs.rows.map((r) => r.key)).toEqual(['r1', 'r2', 'r4'])
  })

  it('fails only the row that fails when rows share a statement; its neighbours are stored', async () => {
    const env = await testEnv()
    await row(env, 'taken')
    const outcomes = await Promise.allSettled([row(env, 'a'), row(env, 'taken'), row(env, 'b')])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const rs = await env.db.execute('SELECT key FROM hub_state ORDER BY key')
    expect(rs.rows.map((r) => r.key)).toEqual(['a', 'b', 'taken'])
  })
})
