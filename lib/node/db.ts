// Node-only: opens the embedded libSQL file (or a libSQL server by URL) and migrates it.
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Client } from '@libsql/client'
import { createClient as createFileClient } from '@libsql/client/sqlite3'
import { ConfigError, type HubConfig } from '../core/config.js'
import { migrate } from '../store/migrate.js'

export function databaseUrl(config: HubConfig): string {
  return config.server.database_url || `file:${resolve(config.server.data_dir, 'hub.db')}`
}

export async function openDatabase(config: HubConfig, opts: { migrate?: boolean } = {}): Promise<Client> {
  const url = databaseUrl(config)
  if (url.startsWith('file:')) mkdirSync(config.server.data_dir, { recursive: true })
  const db = await connect(url, config.server.database_auth_token)
  if (url.startsWith('file:')) {
    // The Go hub kept its database at the same path (<data_dir>/hub.db): started on its volume,
    // this hub must not turn that file to WAL or migrate it, but say what to do instead.
    await refuseGoDatabase(db, url)
    // Incremental auto-vacuum lets the prune job hand freed pages back to the 1 GiB volume
    // without a full VACUUM (which needs the database's size again in free space). It only
    // takes effect on a new, empty file, so it comes before the first migration.
    await db.execute('PRAGMA auto_vacuum = INCREMENTAL')
    // WAL persists in the file. synchronous stays at SQLite's default (FULL): an acknowledged
    // report survives a power cut, and every pooled connection gets the same setting for free.
    await db.execute('PRAGMA journal_mode=WAL')
  }
  if (opts.migrate !== false) await migrate(db)
  return db
}

/**
 * The client for `url`. The embedded file takes @libsql/client's sqlite3 entry alone: its main entry
 * also loads the WebSocket and HTTP clients (with their dependencies), about 10 MiB of resident
 * memory the file database never uses, so those are imported only for a libSQL server.
 */
async function connect(url: string, authToken: string): Promise<Client> {
  const common = {
    url,
    intMode: 'number' as const,
    // Busy timeout for the file database: the CLI and the hub may write at the same moment.
    timeout: 5_000,
    // The client opens a connection per concurrent call, up to this many, each with its own page
    // cache (up to 2 MiB); the calls are synchronous, so a few cover every overlap (README, "Memory").
    concurrency: 4,
  }
  if (url.startsWith('file:')) return createFileClient(common)
  const { createClient } = await import('@libsql/client')
  return createClient({ ...common, authToken: authToken || undefined })
}

/**
 * Closes the database for good. @libsql/client's close() does not checkpoint, so on the embedded
 * file the last writes would stay in hub.db-wal (up to ~4 MiB) and hub.db alone (a volume
 * snapshot, a copy) would miss them: checkpoint first, TRUNCATE so the WAL is left empty.
 * Returns false when the checkpoint could not finish (the data is still safe in the WAL).
 */
export async function closeDatabase(config: HubConfig, db: Client): Promise<boolean> {
  try {
    if (!databaseUrl(config).startsWith('file:')) return true
    // One row: busy (1 when a reader kept it from finishing), WAL frames, frames checkpointed.
    const rs = await db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    return Number(rs.rows[0]?.[0] ?? 1) === 0
  } finally {
    db.close()
  }
}

async function refuseGoDatabase(db: Client, url: string): Promise<void> {
  const rs = await db.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('customer_configs', 'schema_migrations')",
  )
  const names = rs.rows.map((r) => String(r.name))
  if (names.includes('customer_configs') && !names.includes('schema_migrations')) {
    db.close()
    throw new ConfigError(
      `${url.slice('file:'.length)} is the Go hub's database. This hub keeps its own: point server.data_dir ` +
        '(HUB_SERVER_DATA_DIR) at an empty directory, then bring the data over with `npm run import-go -- <that file>` ' +
        '(docs/migrating-from-go.md). The file was not changed.',
    )
  }
}
