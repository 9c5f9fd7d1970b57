// Node-only: consistent copies of the embedded database with VACUUM INTO. A file copy of a WAL
// database taken while the hub writes can be torn (hub.db and hub.db-wal disagree); VACUUM INTO
// reads one transaction's view and writes a compact, self-contained file.
import { existsSync } from 'node:fs'
import { link, mkdir, readdir, stat, statfs, unlink } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, join, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Client } from '@libsql/client'
import type { HubConfig } from '../core/config.js'
import { randomToken } from '../core/crypto.js'
import { databaseUrl } from './db.js'

/** A snapshot that was refused on purpose (exists already, no space, remote database). */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SnapshotError'
  }
}

export interface Snapshot {
  path: string
  bytes: number
}

const NIGHTLY = /^hub-\d{4}-\d{2}-\d{2}\.db$/
const PARTIAL = /\.partial-[\w-]+$/
const STALE_PARTIAL_MS = 3_600_000

// libsql's SQLite calls are synchronous: VACUUM INTO on the hub's own connection would stall every
// request for the whole copy (measured: 1.6 s for a 196 MiB database). A worker thread with its
// own connection copies while the event loop keeps serving. CommonJS, because eval workers are.
const VACUUM_WORKER = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.libsql)
const db = new Database(workerData.source, { timeout: 5000 })
try { db.prepare('VACUUM INTO ?').run(workerData.target) } finally { db.close() }
`
const LIBSQL = createRequire(import.meta.url).resolve('libsql')

function vacuumInto(source: string, target: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(VACUUM_WORKER, { eval: true, workerData: { libsql: LIBSQL, source, target } })
    worker.once('error', reject)
    worker.once('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`snapshot worker exited with code ${code}`)),
    )
  })
}

/**
 * Writes a snapshot of the database file `source` to `target`, never over an existing file. The
 * copy goes to a private partial name first and is then hard-linked into place, so `target` is
 * either absent or complete, and of two concurrent writers exactly one wins (EEXIST for the other).
 */
export async function writeSnapshot(source: string, target: string): Promise<Snapshot> {
  const path = resolve(target)
  if (existsSync(path)) throw new SnapshotError(`${path} already exists; refusing to overwrite it`)
  if (!existsSync(dirname(path))) throw new SnapshotError(`directory ${dirname(path)} does not exist`)
  const partial = `${path}.partial-${randomToken(6)}`
  try {
    await vacuumInto(source, partial)
    try {
      await link(partial, path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new SnapshotError(`${path} already exists; refusing to overwrite it`)
      }
      throw err
    }
  } finally {
    await unlink(partial).catch(() => undefined)
  }
  return { path, bytes: (await stat(path)).size }
}

/** The database's logical size in bytes (pages in use, WAL included), what a snapshot will need. */
export async function databaseBytes(db: Client): Promise<number> {
  const pages = Number((await db.execute('PRAGMA page_count')).rows[0]?.[0] ?? 0)
  const size = Number((await db.execute('PRAGMA page_size')).rows[0]?.[0] ?? 0)
  return pages * size
}

/** The embedded database's path, or undefined when server.database_url names a libSQL server. */
export function databaseFile(config: HubConfig): string | undefined {
  const url = databaseUrl(config)
  return url.startsWith('file:') ? url.slice('file:'.length) : undefined
}

/**
 * `npm run backup -- <file>`: snapshots the configured database while the hub may be running.
 * Reads only (its own connection, no migrations), so an older CLI never changes a newer database.
 */
export async function backupDatabase(config: HubConfig, target: string): Promise<Snapshot> {
  const file = databaseFile(config)
  if (!file)
    throw new SnapshotError(
      'server.database_url points at a libSQL server: back it up with that server’s own tools',
    )
  if (!existsSync(file))
    throw new SnapshotError(`no database at ${file}; check HUB_CONFIG and server.data_dir`)
  return writeSnapshot(file, target)
}

export interface NightlyOptions {
  /** Snapshots to keep, newest first. */
  keep?: number
  /** Free bytes on the file system holding `dir`; a seam so tests can simulate a full volume. */
  freeBytes?: (dir: string) => Promise<number>
}

/**
 * The nightly job: `<data_dir>/backups/hub-<UTC date>.db`, at most one per date however often it
 * is fired, then only the newest `keep` are kept. Refuses (SnapshotError) when the volume has less
 * free space than twice the database: a snapshot that fills the volume would stop the hub itself.
 */
export async function nightlySnapshot(
  config: HubConfig,
  db: Client,
  now: Date,
  opts: NightlyOptions = {},
): Promise<Record<string, unknown>> {
  const keep = opts.keep ?? 7
  const file = databaseFile(config)
  if (!file) return { skipped: 'remote libSQL database: snapshots are the libSQL server’s job' }
  const dir = resolve(config.server.data_dir, 'backups')
  await mkdir(dir, { recursive: true })
  await removeStalePartials(dir)

  // 1. One snapshot per UTC date: a second fire the same day changes nothing.
  const path = join(dir, `hub-${now.toISOString().slice(0, 10)}.db`)
  let written: Snapshot | undefined
  if (!existsSync(path)) {
    // 2. Room for the snapshot plus the same again for the hub to keep growing.
    const needed = 2 * (await databaseBytes(db))
    const free = await (opts.freeBytes ?? freeBytesOn)(dir)
    if (free < needed) {
      throw new SnapshotError(
        `not enough free space for a snapshot: ${free} bytes free, ${needed} needed (twice the database)`,
      )
    }
    try {
      written = await writeSnapshot(file, path)
    } catch (err) {
      // A concurrent fire linked the same name first: that run's snapshot stands.
      if (!(err instanceof SnapshotError && existsSync(path))) throw err
    }
  }

  // 3. Rotation: names sort by date, so the newest are last.
  const names = (await readdir(dir)).filter((n) => NIGHTLY.test(n)).sort()
  const deleted = names.slice(0, Math.max(0, names.length - keep))
  for (const name of deleted) await unlink(join(dir, name)).catch(() => undefined)
  return {
    snapshot: basename(path),
    written: written !== undefined,
    bytes: written?.bytes ?? (await stat(path)).size,
    kept: names.length - deleted.length,
    deleted,
  }
}

async function freeBytesOn(dir: string): Promise<number> {
  const s = await statfs(dir)
  return s.bavail * s.bsize
}

/**
 * Partial files left by a crash mid-snapshot; young ones may belong to a run in progress. File
 * ages are wall-clock facts, so this compares with the real time, not env.clock.
 */
async function removeStalePartials(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!PARTIAL.test(name)) continue
    const file = join(dir, name)
    const info = await stat(file).catch(() => undefined)
    if (info && Date.now() - info.mtimeMs > STALE_PARTIAL_MS) await unlink(file).catch(() => undefined)
  }
}
