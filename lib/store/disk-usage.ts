// disk_usage: each mount's usage, stored when it changes (at most hourly), for the disk-full
// forecast; and disk_forecasts, the daily job's result per mount (migration 0050).
import type { Client, InStatement, InValue } from '@libsql/client'
import { num } from './rows.js'

const HOUR = 3_600_000
/** Tuples per statement: 4 parameters each keeps far below SQLite's limit. */
const MAX_ROWS = 100

/** One mount of one report: its mount point and usage in hundredths of a percent of its size. */
export interface DiskReading {
  mount: string
  used: number
}

/**
 * The disk_usage rows of a group of reports, a few multi-row statements for the whole group. A
 * reading lands only when it differs from the mount's latest stored one (one index seek), and at
 * most once per hour: the hour is in the key, and a second reading in the same hour is ignored.
 */
export function diskUsageStatements(
  rows: { customerId: string; receivedAt: number; disks?: DiskReading[] }[],
): InStatement[] {
  const tuples: InValue[][] = []
  for (const r of rows) {
    for (const d of r.disks ?? [])
      tuples.push([r.customerId, d.mount, Math.floor(r.receivedAt / HOUR), d.used])
  }
  const out: InStatement[] = []
  for (let i = 0; i < tuples.length; i += MAX_ROWS) {
    const chunk = tuples.slice(i, i + MAX_ROWS)
    out.push({
      sql: `INSERT OR IGNORE INTO disk_usage (customer_ref, mount, hour, used)
            SELECT c.ref, v.column2, v.column3, v.column4 FROM (VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}) AS v
            JOIN customer_configs c ON c.customer_id = v.column1
            WHERE v.column4 IS NOT (SELECT u.used FROM disk_usage u WHERE u.customer_ref = c.ref AND u.mount = v.column2
                                    ORDER BY u.hour DESC LIMIT 1)`,
      args: chunk.flat(),
    })
  }
  return out
}

export interface StoredUsage {
  mount: string
  /** Start of the hour the reading was taken in (ms). */
  at: number
  /** Percent of the mount's size. */
  percent: number
}

/**
 * A customer's readings since `sinceMs`, plus the latest one before it for each mount (the level
 * the window starts at), oldest first per mount.
 */
export async function diskUsageSince(
  db: Client,
  customerRef: number,
  sinceMs: number,
): Promise<StoredUsage[]> {
  const since = Math.floor(sinceMs / HOUR)
  const rs = await db.execute({
    sql: `SELECT mount, hour, used FROM disk_usage WHERE customer_ref = ? AND hour >= ?
          UNION ALL
          SELECT mount, max(hour), used FROM disk_usage WHERE customer_ref = ? AND hour < ? GROUP BY mount
          ORDER BY mount, hour`,
    args: [customerRef, since, customerRef, since],
  })
  return rs.rows.map((r) => ({
    mount: String(r.mount),
    at: Number(r.hour) * HOUR,
    percent: Number(r.used) / 100,
  }))
}

/** The customer's readings older than `beforeMs` (a range on its key); how many went. */
export async function deleteOldDiskUsage(db: Client, customerRef: number, beforeMs: number): Promise<number> {
  const rs = await db.execute({
    sql: 'DELETE FROM disk_usage WHERE customer_ref = ? AND hour < ?',
    args: [customerRef, Math.floor(beforeMs / HOUR)],
  })
  return rs.rowsAffected
}

export interface DiskForecast {
  customerId: string
  mount: string
  label: string
  percentNow: number
  /** Percentage points a day, when a trend was fitted. */
  slopePerDay: number | null
  /** When the mount is expected to be full; null when no forecast (flat, shrinking, too little data). */
  fullAt: number | null
  computedAt: number
}

/** Replaces the customer's forecasts with `forecasts` (its mounts of today), in one transaction. */
export async function replaceDiskForecasts(db: Client, customerId: string, forecasts: DiskForecast[]) {
  await db.batch(
    [
      { sql: 'DELETE FROM disk_forecasts WHERE customer_id = ?', args: [customerId] },
      ...forecasts.map((f) => ({
        sql: `INSERT INTO disk_forecasts (customer_id, mount, label, percent_now, slope_per_day, full_at, computed_at)
              VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id, mount) DO NOTHING`,
        args: [customerId, f.mount, f.label, f.percentNow, f.slopePerDay, f.fullAt, f.computedAt],
      })),
    ],
    'write',
  )
}

const toForecast = (r: Record<string, unknown>): DiskForecast => ({
  customerId: String(r.customer_id),
  mount: String(r.mount),
  label: String(r.label),
  percentNow: Number(r.percent_now),
  slopePerDay: num(r.slope_per_day),
  fullAt: num(r.full_at),
  computedAt: Number(r.computed_at),
})

export async function diskForecastsOf(db: Client, customerId: string): Promise<DiskForecast[]> {
  const rs = await db.execute({
    sql: 'SELECT * FROM disk_forecasts WHERE customer_id = ? ORDER BY full_at IS NULL, full_at, mount',
    args: [customerId],
  })
  return rs.rows.map(toForecast)
}

/** Each customer's soonest forecast (the fleet column): customer id → that mount's forecast. */
export async function soonestDiskFull(db: Client): Promise<Map<string, DiskForecast>> {
  const rs = await db.execute(
    `SELECT * FROM disk_forecasts f WHERE full_at = (
       SELECT min(full_at) FROM disk_forecasts g WHERE g.customer_id = f.customer_id)
     ORDER BY customer_id, mount`,
  )
  const out = new Map<string, DiskForecast>()
  for (const r of rs.rows) if (!out.has(String(r.customer_id))) out.set(String(r.customer_id), toForecast(r))
  return out
}
