// Node-only: consistent copies of the embedded database with VACUUM INTO. A file copy of a WAL
// database taken while the hub writes can be torn (hub.db and hub.db-wal disagree); VACUUM INTO
// reads one transaction's view and writes a compact, self-contained file. Every copy is opened and
// passes PRAGMA integrity_check before it counts; a `.gz` target is then gzip-compressed as a
// stream (memory stays flat) and decompressed again to check it yields the very same bytes.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync } from 'node:fs'
import { link, mkdir, open, readdir, stat, statfs, unlink } from 'node:fs/promises'
import { Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
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

/** Nightly snapshots, compressed (hub-<date>.db.gz) and, from before 0.5, plain (hub-<date>.db). */
const NIGHTLY = /^hub-\d{4}-\d{2}-\d{2}\.db(\.gz)?$/
const PARTIAL = /\.partial-[\w-]+$/
const STALE_PARTIAL_MS = 3_600_000

// libsql's SQLite calls are synchronous: VACUUM INTO on the hub's own connection would stall every
// request for the whole copy (measured: 1.6 s for a 196 MiB database). A worker thread with its
// own connection copies, then opens the copy and checks it, while the event loop keeps serving.
// CommonJS, because eval workers are.
const VACUUM_WORKER = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.libsql)
const db = new Database(workerData.source, { timeout: 5000 })
try { db.prepare('VACUUM INTO ?').run(workerData.target) } finally { db.close() }
const copy = new Database(workerData.target)
try {
  const found = copy.prepare('PRAGMA integrity_check').all().map((r) => Object.values(r)[0])
  if (found.length !== 1 || found[0] !== 'ok') throw new Error('integrity_check: ' + found.slice(0, 5).join('; '))
} finally { copy.close() }
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

/** Bytes passing through, counted and hashed. */
function digestOf() {
  const hash = createHash('sha256')
  let bytes = 0
  const result = () => ({ bytes, sha256: hash.digest('hex') })
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      bytes += chunk.length
      done(null, chunk)
    },
  })
  return { tap, result }
}

/**
 * gzip of `raw` into `gz`, streamed, then checked: decompressing `gz` must give back the same
 * bytes (length and SHA-256). The compressed file is flushed to disk before it counts.
 */
async function compressVerified(raw: string, gz: string): Promise<void> {
  const written = digestOf()
  await pipeline(createReadStream(raw), written.tap, createGzip({ level: 6 }), createWriteStream(gz))
  const handle = await open(gz, 'r')
  await handle.sync().finally(() => handle.close())
  const read = digestOf()
  const sink = new Writable({ write: (_chunk, _enc, done) => done() })
  await pipeline(createReadStream(gz), createGunzip(), read.tap, sink)
  const [a, b] = [written.result(), read.result()]
  if (a.bytes !== b.bytes || a.sha256 !== b.sha256)
    throw new SnapshotError(`${gz} does not decompress to the database copy it was made from`)
}

/**
 * Writes a snapshot of the database file `source` to `target`, never over an existing file:
 * gzip-compressed when `target` ends in `.gz`, else a plain database file. The copy passes
 * PRAGMA integrity_check (and a compressed one decompresses to the same bytes) before it is
 * hard-linked into place from a private partial name, so `target` is either absent or complete
 * and verified, and of two concurrent writers exactly one wins (EEXIST for the other).
 */
export async function writeSnapshot(source: string, target: string): Promise<Snapshot> {
  const path = resolve(target)
  if (existsSync(path)) throw new SnapshotError(`${path} already exists; refusing to overwrite it`)
  if (!existsSync(dirname(path))) throw new SnapshotError(`directory ${dirname(path)} does not exist`)
  const partial = `${path}.partial-${randomToken(6)}`
  const copy = path.endsWith('.gz') ? `${partial}-db` : partial
  try {
    await vacuumInto(source, copy)
    if (copy !== partial) await compressVerified(copy, partial)
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
    if (copy !== partial) await unlink(copy).catch(() => undefined)
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
  /**
   * Snapshots to keep, newest first; 1 by default: on a 1 GiB volume a second copy of a 300 MiB
   * database does not fit beside the database (README, "Storage"). Off-site copies are the
   * operator's: `npm run backup` to another disk (docs/operations.md).
   */
  keep?: number
  /** Free bytes on the file system holding `dir`; a seam so tests can simulate a full volume. */
  freeBytes?: (dir: string) => Promise<number>
}

/**
 * The nightly job: `<data_dir>/backups/hub-<UTC date>.db.gz`, at most one per date however often
 * it is fired; once it is written and verified, only the newest `keep` are kept (the previous one
 * is deleted only after the new one checked out). Refuses (SnapshotError) when the volume has less
 * free space than 1.5 times the database (the uncompressed copy, and room for the compressed
 * one): a snapshot that fills the volume would stop the hub itself.
 */
export async function nightlySnapshot(
  config: HubConfig,
  db: Client,
  now: Date,
  opts: NightlyOptions = {},
): Promise<Record<string, unknown>> {
  const keep = opts.keep ?? 1
  const file = databaseFile(config)
  if (!file) return { skipped: 'remote libSQL database: snapshots are the libSQL server’s job' }
  const dir = resolve(config.server.data_dir, 'backups')
  await mkdir(dir, { recursive: true })
  await removeStalePartials(dir)

  // 1. One snapshot per UTC date: a second fire the same day changes nothing.
  const path = join(dir, `hub-${now.toISOString().slice(0, 10)}.db.gz`)
  let written: Snapshot | undefined
  if (!existsSync(path)) {
    // 2. Room for the uncompressed copy and the compressed one (at most half the database).
    const needed = Math.ceil(1.5 * (await databaseBytes(db)))
    const free = await (opts.freeBytes ?? freeBytesOn)(dir)
    if (free < needed) {
      throw new SnapshotError(
        `not enough free space for a snapshot: ${free} bytes free, ${needed} needed (1.5 times the database)`,
      )
    }
    try {
      written = await writeSnapshot(file, path)
    } catch (err) {
      // A concurrent fire linked the same name first: that run's snapshot stands.
      if (!(err instanceof SnapshotError && existsSync(path))) throw err
    }
  }

  // 3. Rotation, now that tonight's snapshot is verified: names sort by date (a plain .db from
  //    before 0.5 sorts before the .db.gz of the same date), so the newest are last.
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
