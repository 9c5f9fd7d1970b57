// The fake libSQL server must behave like sqld for the web client, or the miniflare suite proves nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type Client } from '@libsql/client/web'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate } from '../../lib/store/migrate.js'
import { startHranaServer, type HranaServer } from '../support/hrana-server.js'

let server: HranaServer | undefined
let client: Client | undefined
let dir: string | undefined

afterEach(async () => {
  client?.close()
  await server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  server = client = dir = undefined
})

async function open() {
  dir = mkdtempSync(join(tmpdir(), 'hrana-'))
  server = await startHranaServer(join(dir, 'hub.db'))
  client = createClient({ url: server.url, intMode: 'number' })
  return { server, client }
}

describe('test Hrana v2 server', () => {
  it('round-trips integers, floats, text, blobs and nulls with their types', async () => {
    const { client } = await open()
    await client.execute('CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)')
    await client.execute({
      sql: 'INSERT INTO t VALUES (?, ?, ?, ?, ?)',
      args: [2n ** 40n, 1.5, 'á', new Uint8Array([0, 255]), null],
    })
    const rs = await client.execute('SELECT i, r, s, b, n, typeof(i) AS ti, typeof(r) AS tr FROM t')
    const row = rs.rows[0]
    expect(row.i).toBe(2 ** 40)
    expect(row.r).toBe(1.5)
    expect(row.s).toBe('á')
    expect([...new Uint8Array(row.b as ArrayBuffer)]).toEqual([0, 255])
    expect(row.n).toBeNull()
    expect([row.ti, row.tr]).toEqual(['integer', 'real'])
    expect(rs.columns).toEqual(['i', 'r', 's', 'b', 'n', 'ti', 'tr'])
  })

  it('reports rowsAffected and lastInsertRowid, also for RETURNING', async () => {
    const { client } = await open()
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)')
    const ins = await client.execute({ sql: 'INSERT INTO t (v) VALUES (?), (?)', args: ['a', 'b'] })
    expect(ins.rowsAffected).toBe(2)
    expect(Number(ins.lastInsertRowid)).toBe(2)
    const upd = await client.execute({ sql: 'UPDATE t SET v = ? RETURNING id', args: ['c'] })
    expect(upd.rowsAffected).toBe(2)
    expect(upd.rows.map((r) => r.id)).toEqual([1, 2])
  })

  it('runs a write batch atomically: a failing statement rolls back the earlier ones', async () => {
    const { client } = await open()
    await client.execute('CREATE TABLE t (k TEXT UNIQUE)')
    await expect(
      client.batch(
        [
          { sql: 'INSERT INTO t VALUES (?)', args: ['x'] },
          { sql: 'INSERT INTO t VALUES (?)', args: ['x'] },
        ],
        'write',
      ),
    ).rejects.toThrow(/UNIQUE constraint failed/)
    expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0].n).toBe(0)
    const insert = { sql: 'INSERT INTO t VALUES (?)', args: ['y'] }
    const ok = await client.batch([insert, 'SELECT k FROM t'], 'write')
    expect(ok[1].rows[0].k).toBe('y')
  })

  it('applies the hub migrations and serves concurrent writers on one connection', async () => {
    const { client, server } = await open()
    expect(await migrate(client)).toContain('0001_initial')
    await client.execute('CREATE TABLE c (n INTEGER)')
    const insert = (i: number) => client.execute({ sql: 'INSERT INTO c VALUES (?)', args: [BigInt(i)] })
    await Promise.all(Array.from({ length: 20 }, (_, i) => insert(i)))
    expect((await client.execute('SELECT count(*) AS n FROM c')).rows[0].n).toBe(20)
    expect(server.requests).toContain('batch')
    expect(server.requests).toContain('close')
  })

  it('answers a statement error as a Hrana error with a SQLite code', async () => {
    const { client } = await open()
    await expect(client.execute('SELECT * FROM missing')).rejects.toMatchObject({ code: 'SQLITE_ERROR' })
  })
})
