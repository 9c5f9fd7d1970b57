import { describe, expect, it } from 'vitest'
import { commitGrouped, insertGrouped } from '../../../lib/store/group-commit.js'
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
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => commitGrouped(env.db, insert(`k${i}`))),
    )
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

  it('merges rows for one target into one INSERT, keeping statements between them in order', async () => {
    const env = await testEnv()
    const sent: string[][] = []
    const batch = env.db.batch.bind(env.db)
    env.db.batch = ((stmts: any, mode: any) => {
      sent.push(stmts.map((s: any) => s.sql))
      return batch(stmts, mode)
    }) as typeof env.db.batch
    const row = (key: string) => insertGrouped(env.db, 'hub_state (key, value, updated_at)', [key, 'v', 0])
    const queued = [row('r1'), row('r2'), commitGrouped(env.db, insert('s3')), row('r4')]
    const results = await Promise.all(queued)
    expect(results[2]).toMatchObject([{ rowsAffected: 1 }])
    expect(sent).toHaveLength(1)
    expect(sent[0]).toHaveLength(3)
    const into = 'INSERT INTO hub_state (key, value, updated_at) VALUES'
    expect(sent[0]).toEqual([`${into} (?, ?, ?), (?, ?, ?)`, insert('s3')[0].sql, `${into} (?, ?, ?)`])
    const rs = await env.db.execute('SELECT key FROM hub_state ORDER BY rowid')
    expect(rs.rows.map((r) => r.key)).toEqual(['r1', 'r2', 's3', 'r4'])
  })

  it('fails only the row that fails when rows share a statement', async () => {
    const env = await testEnv()
    const row = (key: string) => insertGrouped(env.db, 'hub_state (key, value, updated_at)', [key, 'v', 0])
    await row('taken')
    const outcomes = await Promise.allSettled([row('a'), row('taken'), row('b')])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const rs = await env.db.execute('SELECT key FROM hub_state ORDER BY key')
    expect(rs.rows.map((r) => r.key)).toEqual(['a', 'b', 'taken'])
  })
})
