// What the Go import reads: the Go hub's SQLite file, opened read-only by the Node entry
// (lib/node/go-database.ts), seen through this small interface so the mapping stays web-standard
// and testable. Values arrive as SQLite gave them; the readers below say what each may be.
export type GoRow = Record<string, unknown>

export interface GoSource {
  /** The tables of the file (sqlite_master), sqlite_* excluded. */
  tables(): string[]
  /** A table's columns (PRAGMA table_info), or null when the table is absent. */
  columns(table: string): string[] | null
  count(table: string): number
  /**
   * Streams `columns` of `table` plus `_rowid`, in rowid order, optionally only the given rowids.
   * The caller names only columns that `columns(table)` listed.
   */
  rows(table: string, columns: string[], opts?: { rowids?: number[] }): Iterable<GoRow>
}

const decoder = new TextDecoder()

/** A TEXT (or BLOB holding UTF-8) value; null for NULL. */
export function goText(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (v instanceof Uint8Array) return decoder.decode(v)
  if (v instanceof ArrayBuffer) return decoder.decode(new Uint8Array(v))
  return String(v)
}

/** 0/1, true/false, "true"/"false"/"yes"/"no"; null when it is none of them. */
export function goBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v) !== 0
  const t = goText(v)?.trim().toLowerCase()
  if (t === undefined || t === '') return null
  if (['1', 'true', 'yes', 't'].includes(t)) return true
  if (['0', 'false', 'no', 'f'].includes(t)) return false
  return null
}

/**
 * A point in time as Go's SQLite drivers write it, in epoch milliseconds: unix seconds or
 * milliseconds, RFC 3339, SQLite's "YYYY-MM-DD HH:MM:SS" (UTC), or Go's time.Time text
 * ("2026-11-29 04:15:02.123456789 +0000 UTC", mattn's "…+00:00"). Null when unreadable.
 */
export function goTime(v: unknown): number | null {
  if (
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    (typeof v === 'string' && /^\d{9,13}$/.test(v.trim()))
  ) {
    const n = Number(v)
    return n > 1e11 ? n : n * 1000
  }
  const t = goText(v)?.trim()
  if (!t) return null
  const m =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?(?:\s+[A-Z]{2,5})?$/.exec(
      t,
    )
  if (!m) return null
  const frac = m[3] ? m[3].slice(0, 4) : ''
  const zone = !m[4] || m[4] === 'Z' ? 'Z' : m[4].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
  const ms = Date.parse(`${m[1]}T${m[2]}${frac}${zone}`)
  return Number.isNaN(ms) ? null : ms
}

/** A JSON column: the parsed value, or undefined when it is absent, empty or not JSON. */
export function goJson(v: unknown): unknown {
  const t = goText(v)
  if (t === null || t.trim() === '') return undefined
  try {
    return JSON.parse(t)
  } catch {
    return undefined
  }
}
