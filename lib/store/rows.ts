// Small conversions shared by the store modules.
import type { Client, InStatement, ResultSet, Row } from '@libsql/client'

import { parseStoredJson } from '../core/json.js'

export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
export const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : Number(v) !== 0)

export function bytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v
  if (v instanceof ArrayBuffer) return new Uint8Array(v)
  throw new Error('expected a BLOB column')
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/** A JSON column that holds an object; null when it is empty, unreadable or anything else. */
export function jsonObjectCol(v: unknown): Record<string, unknown> | null {
  const value = jsonCol<unknown>(v, null)
  return isObject(value) ? value : null
}

/** A JSON column that holds an array of strings; the strings of it, or null when it holds no array. */
export function jsonStringsCol(v: unknown): string[] | null {
  const value = jsonCol<unknown>(v, null)
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : null
}

/**
 * A JSON text column, or `fallback` when it is empty or cannot be read back (not JSON, nested
 * deeper than the hub accepts, stored by an older hub or damaged): one bad row must not fail every
 * read of its table.
 */
export function jsonCol<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined || v === '') return fallback
  const parsed = parseStoredJson(String(v))
  return parsed.ok ? (parsed.value as T) : fallback
}

/**
 * Runs `stmt`; with `along` (an Idempotency-Key's row), in one write transaction with those
 * statements after it, so both commit or neither does. Returns `stmt`'s result.
 */
export async function executeAlong(
  db: Client,
  stmt: InStatement,
  along: InStatement[] = [],
): Promise<ResultSet> {
  if (along.length === 0) return db.execute(stmt)
  const [first] = await db.batch([stmt, ...along], 'write')
  return first
}

export type { Row }
