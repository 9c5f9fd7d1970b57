// events: what controllers report and what the hub itself notices.
import type { Client, InStatement } from '@libsql/client'
import type { Severity } from '../events/types.js'
import { executeAlong, jsonObjectCol, num, str, type Row } from './rows.js'

export interface StoredEvent {
  id: number
  /** null for a hub event about the fleet as a whole (migration 0011). */
  customerId: string | null
  eventType: string
  severity: Severity
  message: string
  details: Record<string, unknown> | null
  extra: Record<string, unknown> | null
  source: 'controller' | 'hub'
  occurredAt: string | null
  receivedAt: number
}

export interface NewEvent {
  customerId: string | null
  eventType: string
  severity: Severity
  message: string
  details?: Record<string, unknown> | null
  extra?: Record<string, unknown> | null
  source: 'controller' | 'hub'
  occurredAt?: string | null
  /** Hub events: at most one row per key (a transition, a customer and date). */
  dedupeKey?: string
}

function toEvent(r: Row): StoredEvent {
  return {
    id: Number(r.id),
    customerId: str(r.customer_id),
    eventType: String(r.event_type),
    severity: r.severity as Severity,
    message: String(r.message),
    details: jsonObjectCol(r.details),
    extra: jsonObjectCol(r.extra),
    source: r.source as 'controller' | 'hub',
    occurredAt: str(r.occurred_at),
    receivedAt: Number(r.received_at),
  }
}

/** The INSERT of one event; a row whose dedupe key exists already is left out. */
export function insertEventStatement(e: NewEvent, receivedAt: number): InStatement {
  return {
    sql: `INSERT INTO events (customer_id, event_type, severity, message, details, extra, source, occurred_at, received_at, dedupe_key)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    args: [
      e.customerId,
      e.eventType,
      e.severity,
      e.message,
      e.details ? JSON.stringify(e.details) : null,
      e.extra && Object.keys(e.extra).length > 0 ? JSON.stringify(e.extra) : null,
      e.source,
      e.occurredAt ?? null,
      receivedAt,
      e.dedupeKey ?? null,
    ],
  }
}

/**
 * Inserts an event; returns null when an event with the same dedupe key already exists. `along`
 * commits in the same transaction, right after the insert.
 */
export async function insertEvent(
  db: Client,
  e: NewEvent,
  receivedAt: number,
  along: InStatement[] = [],
): Promise<StoredEvent | null> {
  const rs = await executeAlong(db, insertEventStatement(e, receivedAt), along)
  if (rs.rowsAffected !== 1) return null
  return {
    id: Number(rs.lastInsertRowid),
    customerId: e.customerId,
    eventType: e.eventType,
    severity: e.severity,
    message: e.message,
    details: e.details ?? null,
    extra: e.extra ?? null,
    source: e.source,
    occurredAt: e.occurredAt ?? null,
    receivedAt,
  }
}

/** The dedupe keys that start with `prefix` (an import's own keys, to tell what it already brought). */
export async function dedupeKeysWithPrefix(db: Client, prefix: string): Promise<Set<string>> {
  const rs = await db.execute({
    sql: 'SELECT dedupe_key FROM events WHERE dedupe_key >= ? AND dedupe_key < ?',
    args: [prefix, prefix + '\uffff'],
  })
  return new Set(rs.rows.map((r) => String(r.dedupe_key)))
}

export async function recentEvents(
  db: Client,
  customerId: string,
  opts: { limit?: number; severity?: Severity } = {},
): Promise<StoredEvent[]> {
  const rs = await db.execute({
    sql: `SELECT * FROM events WHERE customer_id = ? ${opts.severity ? 'AND severity = ?' : ''}
          ORDER BY received_at DESC, id DESC LIMIT ?`,
    args: opts.severity ? [customerId, opts.severity, opts.limit ?? 50] : [customerId, opts.limit ?? 50],
  })
  return rs.rows.map(toEvent)
}

export async function eventById(db: Client, id: number): Promise<StoredEvent | null> {
  const rs = await db.execute({ sql: 'SELECT * FROM events WHERE id = ?', args: [id] })
  return rs.rows[0] ? toEvent(rs.rows[0]) : null
}

export interface SeverityCounts {
  error: number
  warning: number
}

/**
 * Error and warning counts per customer since `sinceMs` (an index range scan, not a table scan):
 * of every customer, of one, or of a page of them (one seek per id on (customer_id, received_at)).
 */
export async function problemCountsSince(
  db: Client,
  sinceMs: number,
  customerIds?: string | string[],
): Promise<Map<string, SeverityCounts>> {
  const ids = customerIds === undefined ? null : typeof customerIds === 'string' ? [customerIds] : customerIds
  if (ids?.length === 0) return new Map()
  const rs = await db.execute({
    sql: `SELECT customer_id, severity, count(*) AS n FROM events
          WHERE ${ids ? `customer_id IN (${ids.map(() => '?').join(', ')}) AND` : 'customer_id IS NOT NULL AND'}
            received_at >= ? AND severity IN ('error', 'warning')
          GROUP BY customer_id, severity`,
    args: ids ? [...ids, sinceMs] : [sinceMs],
  })
  const out = new Map<string, SeverityCounts>()
  for (const r of rs.rows) {
    const id = String(r.customer_id)
    const counts = out.get(id) ?? { error: 0, warning: 0 }
    counts[r.severity as 'error' | 'warning'] = num(r.n) ?? 0
    out.set(id, counts)
  }
  return out
}

/** Whether an event of one of `types` arrived for the customer since `sinceMs`. */
export async function hasEventSince(
  db: Client,
  customerId: string,
  types: string[],
  sinceMs: number,
): Promise<boolean> {
  const rs = await db.execute({
    sql: `SELECT 1 FROM events WHERE customer_id = ? AND received_at >= ? AND event_type IN (${types.map(() => '?').join(', ')}) LIMIT 1`,
    args: [customerId, sinceMs, ...types],
  })
  return rs.rows.length > 0
}

/** The customer's hub events of one type since `sinceMs`, newest first. */
export async function hubEventsOfTypeSince(
  db: Client,
  customerId: string,
  eventType: string,
  sinceMs: number,
): Promise<StoredEvent[]> {
  const rs = await db.execute({
    sql: `SELECT * FROM events WHERE customer_id = ? AND received_at >= ? AND event_type = ? AND source = 'hub'
          ORDER BY received_at DESC, id DESC`,
    args: [customerId, sinceMs, eventType],
  })
  return rs.rows.map(toEvent)
}

const inList = (types: string[]) => types.map(() => '?').join(', ')

/** How many events of each of `types` the customer had in [from, to). */
export async function eventCountsBetween(
  db: Client,
  customerId: string,
  types: string[],
  from: number,
  to: number,
): Promise<Map<string, number>> {
  const rs = await db.execute({
    sql: `SELECT event_type, count(*) AS n FROM events WHERE customer_id = ? AND received_at >= ? AND received_at < ?
          AND event_type IN (${inList(types)}) GROUP BY event_type`,
    args: [customerId, from, to, ...types],
  })
  return new Map(rs.rows.map((r) => [String(r.event_type), Number(r.n)]))
}

/** The customer's events of `types` in [from, to), oldest first, at most `limit`. */
export async function eventsBetween(
  db: Client,
  customerId: string,
  types: string[],
  from: number,
  to: number,
  limit = 50,
): Promise<StoredEvent[]> {
  const rs = await db.execute({
    sql: `SELECT * FROM events WHERE customer_id = ? AND received_at >= ? AND received_at < ?
          AND event_type IN (${inList(types)}) ORDER BY received_at, id LIMIT ?`,
    args: [customerId, from, to, ...types, limit],
  })
  return rs.rows.map(toEvent)
}

/** The customer's latest event of `types` received before `before`, or null. */
export async function latestEventBefore(
  db: Client,
  customerId: string,
  types: string[],
  before: number,
): Promise<StoredEvent | null> {
  const rs = await db.execute({
    sql: `SELECT * FROM events WHERE customer_id = ? AND received_at < ? AND event_type IN (${inList(types)})
          ORDER BY received_at DESC, id DESC LIMIT 1`,
    args: [customerId, before, ...types],
  })
  return rs.rows[0] ? toEvent(rs.rows[0]) : null
}
