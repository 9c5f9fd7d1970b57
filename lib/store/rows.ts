// Small conversions shared by the store modules.
import type { Row } from '@libsql/client'

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

export type { Row }
