// Node-only: the Go hub's SQLite file, opened read-only through the `libsql` package (a
// better-sqlite3 API, synchronous). `mode=ro` in the file URI: the file is never written, and a
// path that does not exist is refused instead of created.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'libsql'
import type { GoRow, GoSource } from '../go-import/source.js'

export interface GoDatabase extends GoSource {
  close(): void
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

export function openGoDatabase(path: string): GoDatabase {
  if (!existsSync(path)) throw new Error(`${path} does not exist`)
  const db = new Database(`${pathToFileURL(resolve(path)).href}?mode=ro`)
  const columnsOf = new Map<string, string[]>()
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as {
      name: string
    }[]
  ).map((t) => t.name)
  for (const t of tables) {
    const info = db.prepare(`PRAGMA table_info(${quote(t)})`).all() as { name: string }[]
    columnsOf.set(
      t,
      info.map((c) => c.name),
    )
  }
  return {
    tables: () => tables,
    columns: (table) => columnsOf.get(table) ?? null,
    count: (table) =>
      Number((db.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n),
    *rows(table, columns, opts) {
      const known = columnsOf.get(table) ?? []
      const cols = columns.filter((c) => known.includes(c)).map(quote)
      const where = opts?.rowids ? `WHERE rowid IN (${opts.rowids.map(() => '?').join(', ') || 'NULL'})` : ''
      const sql = `SELECT rowid AS _rowid${cols.map((c) => `, ${c}`).join('')} FROM ${quote(table)} ${where} ORDER BY rowid`
      yield* db.prepare(sql).iterate(...(opts?.rowids ?? [])) as Iterable<GoRow>
    },
    close: () => db.close(),
  }
}
