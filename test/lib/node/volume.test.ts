// The Node entry reads its own volume: statfs on the data directory, hub.db, its WAL, snapshots.
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { volumeReader } from '../../../lib/node/volume.js'
import { testEnv } from '../../support/env.js'
import { sendReport } from '../../support/factories.js'

describe('volumeReader', () => {
  it('reads the file system of the data directory and the sizes of hub.db, WAL and snapshots', async () => {
    const env = await testEnv()
    await sendReport(env, 'kovacs-csalad')
    mkdirSync(join(env.dir, 'backups'))
    writeFileSync(join(env.dir, 'backups', 'hub-2026-11-29.db.gz'), Buffer.alloc(12_345))
    const read = volumeReader(env.config)!
    const r = await read()
    expect(r.databaseBytes).toBe(statSync(join(env.dir, 'hub.db')).size)
    expect(r.walBytes).toBe(statSync(join(env.dir, 'hub.db-wal')).size)
    expect(r.snapshotBytes).toBe(12_345)
    expect(r.sizeBytes).toBeGreaterThan(r.usedBytes)
    expect(r.usedBytes).toBeGreaterThan(0)
  })

  it('has nothing to read for a libSQL server', async () => {
    const env = await testEnv()
    const config = { ...env.config, server: { ...env.config.server, database_url: 'libsql://db.example' } }
    expect(volumeReader(config)).toBeUndefined()
  })
})
