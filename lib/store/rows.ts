// Small conversions shared by the store modules.
import type { Client, InStatement, ResultSet, Row } from '@libsql/client'

export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
export const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : Number(v) !== 0)

export function bytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v
  if (v instanceof ArrayBuffer) return new Uint8Array(v)
  throw new Error('expected a BLOB column')
}

export function jsonCol<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined || v === '') return fallback
  return JSON.parse(String(v)) as T
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
