import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { createClient } from '@libsql/client'
import { afterEach, describe, expect, it } from 'vitest'
import type { HubConfig } from '../../lib/core/config.js'
import type { Env } from '../../lib/core/env.js'
import { HttpError } from '../../lib/core/errors.js'
import { memoryLogger } from '../../lib/core/log.js'
import { buildNodeEnv } from '../../lib/node/bootstrap.js'
import { backupDatabase, nightlySnapshot, SnapshotError } from '../../lib/node/snapshot.js'
import { backupSnapshot } from '../../scheduled/backup.js'
import { CRON_TOKEN, testEnv, type TestEnv } from '../support/env.js'
import { managedCustomer, sendReport } from '../support/factories.js'
import { fixtureInfraBackup } from '../support/fixtures.js'
import { call, callJson } from '../support/http.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-restore-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Restores like the operations guide says: the snapshot becomes data_dir/hub.db, then the hub starts. */
async function restoredHub(snapshot: string, config: HubConfig): Promise<Env> {
  const dataDir = tempDir()
  copyFileSync(snapshot, join(dataDir, 'hub.db'))
  const env = await buildNodeEnv({
    config: { ...config, server: { ...config.server, data_dir: dataDir } },
    log: memoryLogger(),
  })
  cleanups.push(() => env.db.close())
  return env
}

/** A compressed snapshot as the operations guide restores it: gunzip to a database file. */
function gunzipped(path: string): string {
  if (!path.endsWith('.gz')) return path
  const out = join(tempDir(), 'restored.db')
  writeFileSync(out, gunzipSync(readFileSync(path)))
  return out
}

async function fileCount(path: string, table: string): Promise<number> {
  const db = createClient({ url: `file:${gunzipped(path)}`, intMode: 'number' })
  try {
    return Number((await db.execute(`SELECT count(*) FROM ${table}`)).rows[0][0])
  } finally {
    db.close()
  }
}

describe('npm run backup (backupDatabase)', () => {
  it('writes a snapshot that a fresh hub starts on, with the data and the secrets readable', async () => {
    const env = await testEnv()
    const creds = await managedCustomer(env, 'kovacs-csalad')
    await sendReport(env, 'kovacs-csalad', {}, creds.api_key)
    const pushed = fixtureInfraBackup()
    expect(
      (await call(env, 'POST', '/api/v1/infra-backup', { body: pushed, key: creds.api_key })).status,
    ).toBe(201)

    const target = join(env.dir, 'snapshot.db')
    const snap = await backupDatabase(env.config, target)
    expect(snap.path).toBe(target)
    expect(snap.bytes).toBe(readFileSync(target).length)
    // Written after the snapshot: must not be in it (a point-in-time copy, not a live file).
    await sendReport(env, 'nagy-bt')

    const hub = await restoredHub(target, env.config)
    const customer = await callJson(hub, 'GET', '/api/v1/customers/kovacs-csalad', { key: creds.api_key })
    expect(customer.status).toBe(200)
    expect(customer.json.report.customer_id).toBe('kovacs-csalad')
    // The payload is stored encrypted: reading it back proves the restored rows decrypt.
    const backup = await callJson(hub, 'GET', '/api/v1/infra-backup/kovacs-csalad', { key: creds.api_key })
    expect(backup.status).toBe(200)
    expect(backup.json).toMatchObject(pushed)
    expect((await callJson(hub, 'GET', '/api/v1/customers/nagy-bt')).status).toBe(404)

    // The restored hub takes new writes.
    expect(
      (
        await call(hub, 'POST', '/api/v1/report', {
          body: { ...customer.json.report, customer_id: 'nagy-bt' },
        })
      ).status,
    ).toBe(200)
    expect((await callJson(hub, 'GET', '/api/v1/customers/nagy-bt')).status).toBe(200)
    expect((await call(hub, 'GET', '/healthz')).status).toBe(200)
  })

  it('keeps incremental auto-vacuum in the snapshot, so a restored hub can still give space back', async () => {
    const env = await testEnv()
    await sendReport(env, 'kovacs-csalad')
    const target = join(env.dir, 'snapshot.db')
    await backupDatabase(env.config, target)
    const db = createClient({ url: `file:${target}`, intMode: 'number' })
    cleanups.push(() => db.close())
    expect(Number((await db.execute('PRAGMA auto_vacuum')).rows[0][0])).toBe(2)
    expect(Number((await db.execute('PRAGMA integrity_check')).rows.length)).toBe(1)
    expect((await db.execute('PRAGMA integrity_check')).rows[0][0]).toBe('ok')
  })

  it('refuses to overwrite an existing file and leaves it untouched', async () => {
    const env = await testEnv()
    const target = join(env.dir, 'precious.db')
    writeFileSync(target, 'last good snapshot')
    await expect(backupDatabase(env.config, target)).rejects.toThrow(/already exists; refusing to overwrite/)
    expect(readFileSync(target, 'utf8')).toBe('last good snapshot')
    expect(readdirSync(env.dir).filter((n) => n.includes('.partial-'))).toEqual([])
  })

  it('refuses a remote libSQL database instead of writing a snapshot on the server', async () => {
    const env = await testEnv()
    const config = { ...env.config, server: { ...env.config.server, database_url: 'http://127.0.0.1:1' } }
    await expect(backupDatabase(config, join(env.dir, 'x.db'))).rejects.toBeInstanceOf(SnapshotError)
    expect(existsSync(join(env.dir, 'x.db'))).toBe(false)
  })

  it('runs as a CLI: prints the path and size, and exits 1 instead of overwriting', async () => {
    const env = await testEnv()
    await sendReport(env, 'kovacs-csalad')
    const target = join(env.dir, 'cli.db')
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'bin/backup.ts', target], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HUB_SERVER_DATA_DIR: env.dir, HUB_CONFIG: '', INIT_CWD: env.dir },
      })
    const first = run()
    expect(first.stderr).toBe('')
    expect(first.status).toBe(0)
    expect(first.stdout).toContain(`${target} ${readFileSync(target).length} bytes`)
    expect(await fileCount(target, 'reports')).toBe(1)
    const second = run()
    expect(second.status).toBe(1)
    expect(second.stderr).toMatch(/refusing to overwrite/)
  })
})

describe('npm run backup to a .gz file', () => {
  it('writes a gzip-compressed snapshot that decompresses to a database the hub starts on', async () => {
    const env = await testEnv()
    const creds = await managedCustomer(env, 'kovacs-csalad')
    await sendReport(env, 'kovacs-csalad', {}, creds.api_key)
    const target = join(env.dir, 'offsite.db.gz')
    const snap = await backupDatabase(env.config, target)
    expect(snap.bytes).toBe(readFileSync(target).length)
    expect(readdirSync(env.dir).filter((n) => n.includes('.partial-'))).toEqual([])
    const hub = await restoredHub(gunzipped(target), env.config)
    const res = await callJson(hub, 'GET', '/api/v1/customers/kovacs-csalad', { key: creds.api_key })
    expect(res.json.report.customer_id).toBe('kovacs-csalad')
  })
})

describe('nightly snapshot job', () => {
  const day = (d: number) => new Date(Date.UTC(2026, 10, d, 3, 15))
  const names = (env: TestEnv) => readdirSync(join(env.dir, 'backups')).sort()

  it('keeps the newest snapshot, gzip-compressed, and deletes the one before once it checked out', async () => {
    const env = await testEnv()
    await sendReport(env, 'kovacs-csalad')
    let last: Record<string, unknown> = {}
    for (let d = 1; d <= 3; d++) last = await nightlySnapshot(env.config, env.db, day(d))
    expect(names(env)).toEqual(['hub-2026-11-03.db.gz'])
    expect(last).toMatchObject({
      snapshot: 'hub-2026-11-03.db.gz',
      written: true,
      kept: 1,
      deleted: ['hub-2026-11-02.db.gz'],
    })
    const file = join(env.dir, 'backups', 'hub-2026-11-03.db.gz')
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]))
    expect(await fileCount(file, 'reports')).toBe(1)
    // Restored as docs/operations.md says (gunzip into data_dir/hub.db), the hub starts on it.
    const hub = await restoredHub(gunzipped(file), env.config)
    expect((await callJson(hub, 'GET', '/api/v1/customers/kovacs-csalad')).status).toBe(200)
  })

  it('leaves the previous snapshot in place when tonight’s fails', async () => {
    const env = await testEnv()
    await sendReport(env, 'kovacs-csalad')
    await nightlySnapshot(env.config, env.db, day(1))
    // Tonight the file is not a database any more: VACUUM INTO fails, nothing is rotated.
    const broken = tempDir()
    writeFileSync(join(broken, 'hub.db'), 'not a database '.repeat(1000))
    const config = { ...env.config, server: { ...env.config.server, data_dir: broken } }
    mkdirSync(join(broken, 'backups'))
    copyFileSync(
      join(env.dir, 'backups', 'hub-2026-11-01.db.gz'),
      join(broken, 'backups', 'hub-2026-11-01.db.gz'),
    )
    await expect(nightlySnapshot(config, env.db, day(2))).rejects.toThrow()
    expect(readdirSync(join(broken, 'backups'))).toEqual(['hub-2026-11-01.db.gz'])
  })

  it('replaces a plain snapshot left by an older hub once a compressed one is written', async () => {
    const env = await testEnv()
    await sendReport(env, 'kovacs-csalad')
    mkdirSync(join(env.dir, 'backups'))
    await backupDatabase(env.config, join(env.dir, 'backups', 'hub-2026-11-01.db'))
    await nightlySnapshot(env.config, env.db, day(2))
    expect(names(env)).toEqual(['hub-2026-11-02.db.gz'])
  })

  it('writes one snapshot per date however often it is fired, also concurrently', async () => {
    const env = await testEnv()
    const runs = await Promise.all([1, 2, 3].map(() => nightlySnapshot(env.config, env.db, day(5))))
    const again = await nightlySnapshot(env.config, env.db, day(5))
    expect(names(env)).toEqual(['hub-2026-11-05.db.gz'])
    expect(runs.filter((r) => r.written).length).toBe(1)
    expect(again).toMatchObject({ written: false, kept: 1, deleted: [] })
  })

  it('refuses when the volume has less free space than 1.5 times the database', async () => {
    const env = await testEnv()
    await sendReport(env, 'kovacs-csalad')
    const opts = { freeBytes: async () => 4096 }
    await expect(nightlySnapshot(env.config, env.db, day(5), opts)).rejects.toThrow(/not enough free space/)
    expect(names(env)).toEqual([])
  })

  it('skips with a reason for a remote libSQL database', async () => {
    const env = await testEnv()
    const config = { ...env.config, server: { ...env.config.server, database_url: 'libsql://db.example' } }
    expect(await nightlySnapshot(config, env.db, day(5))).toEqual({
      skipped: expect.stringMatching(/remote libSQL/),
    })
  })

  it('reaches the job through env.snapshot, and turns a refusal into a 503 the CronJob sees', async () => {
    const env = await testEnv()
    expect(await backupSnapshot(env)).toEqual({ ok: true, skipped: expect.any(String) })
    env.snapshot = () => nightlySnapshot(env.config, env.db, env.clock.now())
    expect(await backupSnapshot(env)).toMatchObject({
      ok: true,
      snapshot: 'hub-2026-11-29.db.gz',
      written: true,
    })
    env.snapshot = () => nightlySnapshot(env.config, env.db, day(6), { freeBytes: async () => 0 })
    const refused = await backupSnapshot(env).catch((e) => e)
    expect(refused).toBeInstanceOf(HttpError)
    expect(refused).toMatchObject({
      status: 503,
      code: 'unavailable',
      message: expect.stringMatching(/free space/),
    })
  })

  // Runs unconditionally: if `backup` drops out of lib/jobs/schedule.ts JOB_NAMES or scheduled/index.ts
  // JOBS, the route answers 404 and this fails (it used to skip itself in exactly that case).
  it('is wired from the Node Env through POST /internal/cron/backup', async () => {
    const env = await testEnv()
    await sendReport(env, 'kovacs-csalad')
    const hub = await buildNodeEnv({ config: env.config, log: memoryLogger() })
    cleanups.push(() => hub.db.close())
    const res = await callJson(hub, 'POST', '/internal/cron/backup', { key: CRON_TOKEN })
    expect(res.status).toBe(200)
    // The Node Env runs on the system clock: the name is today's UTC date.
    expect(res.json).toMatchObject({
      job: 'backup',
      ran: true,
      summary: { ok: true, snapshot: expect.stringMatching(/^hub-\d{4}-\d\d-\d\d\.db\.gz$/), written: true },
    })
    expect(await fileCount(join(env.dir, 'backups', res.json.summary.snapshot), 'reports')).toBe(1)
  })
})
