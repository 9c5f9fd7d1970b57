import { describe, expect, it } from 'vitest'
import { commitGrouped } from '../../../lib/store/group-commit.js'
import { testEnv } from '../../support/env.js'

const insert = (key: string) => [
  { sql: 'INSERT INTO hub_state (key, value, updated_at) VALUES (?, ?, 0)', args: [key, 'v'] },
]

describe('commitGrouped', () => {
  it('commits writes that arrive together in one transaction and answers each caller', async () => {
    const env = await testEnv()
    let batches = 0
    const batch = env.db.batch.bind(env.db)
    env.db.batch = ((stmts: any, mode: any) => (batches++, batch(stmts, mode))) as typeof env.db.batch
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => commitGrouped(env.db, insert(`k${i}`))))
    expect(results.every((r) => r.length === 1 && r[0].rowsAffected === 1)).toBe(true)
    expect((await env.db.execute('SELECT count(*) AS n FROM hub_state')).rows[0].n).toBe(30)
    expect(batches).toBe(1)
  })

  it('fails only the caller whose statements fail; its neighbours are stored', async () => {
    const env = await testEnv()
    await commitGrouped(env.db, insert('taken'))
    const outcomes = await Promise.allSettled([
      commitGrouped(env.db, insert('a')),
      commitGrouped(env.db, insert('taken')), // UNIQUE violation
      commitGrouped(env.db, insert('b')),
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const rs = await env.db.execute('SELECT key FROM hub_state ORDER BY key')
    expect(rs.rows.map((r) => r.key)).toEqual(['a', 'b', 'taken'])
  })
})
