// maintenance_windows: spans of time in which a customer's (or, customer_id NULL, every customer's)
// notifications are recorded but not sent. A window covers [starts_at, end), its end being ends_at
// or, once cancelled, the earlier cancelled_at.
import type { Client } from '@libsql/client'
import { num, str, type Row } from './rows.js'

export interface MaintenanceWindow {
  id: number
  /** null: the whole fleet. */
  customerId: string | null
  startsAt: number
  /** The planned end. */
  endsAt: number
  /** When it really ends: the planned end, or an earlier cancellation. */
  effectiveEnd: number
  reason: string
  createdBy: string
  createdAt: number
  cancelledAt: number | null
}

const END = 'min(ends_at, coalesce(cancelled_at, ends_at))'
const COLUMNS = `id, customer_id, starts_at, ends_at, ${END} AS effective_end, reason, created_by, created_at, cancelled_at`

function toWindow(r: Row): MaintenanceWindow {
  return {
    id: Number(r.id),
    customerId: str(r.customer_id),
    startsAt: Number(r.starts_at),
    endsAt: Number(r.ends_at),
    effectiveEnd: Number(r.effective_end),
    reason: String(r.reason ?? ''),
    createdBy: String(r.created_by),
    createdAt: Number(r.created_at),
    cancelledAt: num(r.cancelled_at),
  }
}

export async function insertWindow(
  db: Client,
  w: { customerId: string | null; startsAt: number; endsAt: number; reason: string; createdBy: string },
  now: number,
): Promise<number> {
  const rs = await db.execute({
    sql: `INSERT INTO maintenance_windows (customer_id, starts_at, ends_at, reason, created_by, created_at)
          VALUES (?, ?, ?, ?, ?, ?)`,
    args: [w.customerId, w.startsAt, w.endsAt, w.reason, w.createdBy, now],
  })
  return Number(rs.lastInsertRowid)
}

export async function getWindow(db: Client, id: number): Promise<MaintenanceWindow | null> {
  const rs = await db.execute({ sql: `SELECT ${COLUMNS} FROM maintenance_windows WHERE id = ?`, args: [id] })
  return rs.rows[0] ? toWindow(rs.rows[0]) : null
}

/** Ends a window now (or, if it has not started, makes it cover nothing); an ended one stays as it is. */
export async function cancelWindow(db: Client, id: number, now: number): Promise<void> {
  await db.execute({
    sql: `UPDATE maintenance_windows SET cancelled_at = ? WHERE id = ? AND ${END} > ?`,
    args: [now, id, now],
  })
}

/**
 * Windows that cover some part of [from, to) for `customerId` (its own and the fleet's), or for
 * every customer when `customerId` is undefined; oldest first.
 */
export async function windowsBetween(
  db: Client,
  from: number,
  to: number,
  customerId?: string,
): Promise<MaintenanceWindow[]> {
  const who = customerId === undefined ? '' : 'AND (customer_id = ? OR customer_id IS NULL)'
  const rs = await db.execute({
    sql: `SELECT ${COLUMNS} FROM maintenance_windows
          WHERE starts_at < ? AND ${END} > ? AND ${END} > starts_at ${who} ORDER BY starts_at, id`,
    args: customerId === undefined ? [to, from] : [to, from, customerId],
  })
  return rs.rows.map(toWindow)
}

/** Windows not over yet (running or planned) for the customer and the fleet, or for all. */
export const currentAndPlanned = (db: Client, now: number, customerId?: string) =>
  windowsBetween(db, now, Number.MAX_SAFE_INTEGER, customerId)

/** Windows whose end has come but that the staleness job has not looked at yet, oldest first. */
export async function endedUnchecked(db: Client, now: number, limit: number): Promise<MaintenanceWindow[]> {
  const rs = await db.execute({
    sql: `SELECT ${COLUMNS} FROM maintenance_windows
          WHERE ended_checked_at IS NULL AND starts_at <= ? AND ${END} <= ? ORDER BY ${END}, id LIMIT ?`,
    args: [now, now, limit],
  })
  return rs.rows.map(toWindow)
}

/** Marks a window's end as looked at; false when another run did it first. */
export async function markEndChecked(db: Client, id: number, now: number): Promise<boolean> {
  const rs = await db.execute({
    sql: 'UPDATE maintenance_windows SET ended_checked_at = ? WHERE id = ? AND ended_checked_at IS NULL',
    args: [now, id],
  })
  return rs.rowsAffected === 1
}

/** Retention: up to `limit` windows that ended before `before` and whose end was looked at. */
export async function deleteOldWindows(db: Client, before: number, limit: number): Promise<number> {
  const rs = await db.execute({
    sql: `DELETE FROM maintenance_windows WHERE id IN (
            SELECT id FROM maintenance_windows WHERE ended_checked_at IS NOT NULL AND ${END} < ? LIMIT ?)`,
    args: [before, limit],
  })
  return rs.rowsAffected
}
