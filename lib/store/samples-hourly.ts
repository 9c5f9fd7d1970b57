// samples_hourly: samples older than a week, one row per customer and hour (migration 0060). The
// prune job folds raw samples in (foldSamples) and deletes what retention no longer keeps; the
// history reads hourly points for periods longer than the raw week (lib/reports/history.ts).
import type { Client, Row } from '@libsql/client'
import { historyPointOf, unscale, type HistoryPoint } from './reports.js'

export const HOUR_S = 3600

/** An hourly point: averages (CPU, load, memory), highest (disk, temperature), worst health. */
export interface HourlyPoint extends HistoryPoint {
  cpu_percent_max: number | null
  memory_used_percent_max: number | null
  /** Samples folded into the hour. */
  samples: number
}

/**
 * The aggregate of raw samples per hour: the same expressions fold rows into samples_hourly and
 * answer the hours not folded yet, so a point reads the same before and after the prune.
 */
const AGGREGATE = `ts - ts % ${HOUR_S} AS hour, count(*) AS n, max(health) AS health,
  round(avg(cpu)) AS cpu, max(cpu) AS cpu_max, round(avg(load1)) AS load1, round(avg(mem)) AS mem,
  max(mem) AS mem_max, max(disk) AS disk, max(temp) AS temp, min(running) AS running, max(total) AS total`

/** An average merged with the one of another part of the same hour, weighted by sample counts. */
const merged = (col: string) =>
  `${col} = CASE WHEN ${col} IS NULL THEN excluded.${col} WHEN excluded.${col} IS NULL THEN ${col}
     ELSE round((${col} * n + excluded.${col} * excluded.n) * 1.0 / (n + excluded.n)) END`
const highest = (col: string) =>
  `${col} = max(coalesce(${col}, excluded.${col}), coalesce(excluded.${col}, ${col}))`
const lowest = (col: string) =>
  `${col} = min(coalesce(${col}, excluded.${col}), coalesce(excluded.${col}, ${col}))`

/**
 * Folds one customer's raw samples older than `beforeSec` (an hour boundary) into hourly rows and
 * deletes them, `limit` rows and the rest of the last one's hour at most per call: one short write
 * transaction.
 * An hour already folded (samples imported late, from the Go hub) is merged, not replaced.
 * Returns how many raw samples were folded.
 */
export async function foldSamples(db: Client, customerRef: number, beforeSec: number, limit: number) {
  // 1. The batch ends after the hour of its limit-th row (whole hours only), or at `beforeSec`:
  //    a batch cut by the limit folds at least `limit` rows, so a caller can tell it from the last.
  const nth = await db.execute({
    sql: 'SELECT ts FROM samples WHERE customer_ref = ? AND ts < ? ORDER BY ts LIMIT 1 OFFSET ?',
    args: [customerRef, beforeSec, Math.max(0, limit - 1)],
  })
  const ts = nth.rows[0] ? Number(nth.rows[0].ts) : null
  const end = ts === null ? beforeSec : Math.min(beforeSec, ts - (ts % HOUR_S) + HOUR_S)
  // 2. Fold and delete in one transaction: a sample is counted once, in one table or the other.
  const [, deleted] = await db.batch(
    [
      {
        sql: `INSERT INTO samples_hourly (customer_ref, hour, n, health, cpu, cpu_max, load1, mem, mem_max, disk, temp, running, total)
              SELECT customer_ref, ${AGGREGATE} FROM samples WHERE customer_ref = ? AND ts < ? GROUP BY hour
              ON CONFLICT (customer_ref, hour) DO UPDATE SET
                ${merged('cpu')}, ${merged('load1')}, ${merged('mem')},
                ${highest('cpu_max')}, ${highest('mem_max')}, ${highest('disk')}, ${highest('temp')},
                ${highest('total')}, ${lowest('running')},
                health = max(health, excluded.health), n = n + excluded.n`,
        args: [customerRef, end],
      },
      { sql: 'DELETE FROM samples WHERE customer_ref = ? AND ts < ?', args: [customerRef, end] },
    ],
    'write',
  )
  return deleted.rowsAffected
}

/** One customer's hourly rows older than `beforeSec`, at most `limit`: a range on the key. */
export async function deleteOldHourly(db: Client, customerRef: number, beforeSec: number, limit: number) {
  const rs = await db.execute({
    sql: `DELETE FROM samples_hourly WHERE customer_ref = ? AND hour IN (
            SELECT hour FROM samples_hourly WHERE customer_ref = ? AND hour < ? ORDER BY hour LIMIT ?)`,
    args: [customerRef, customerRef, beforeSec, limit],
  })
  return rs.rowsAffected
}

/**
 * Hourly points since `sinceMs`, oldest first: the folded hours, and the raw samples of the hours
 * not folded yet aggregated the same way. An hour found in both (late imports) is merged.
 */
export async function hourlySince(db: Client, customerRef: number, sinceMs: number): Promise<HourlyPoint[]> {
  const since = Math.floor(sinceMs / 1000)
  const from = since - (since % HOUR_S)
  const rs = await db.execute({
    sql: `SELECT hour AS ts, n, health, cpu, cpu_max, load1, mem, mem_max, disk, temp, running, total
            FROM samples_hourly WHERE customer_ref = ? AND hour >= ?
          UNION ALL
          SELECT * FROM (SELECT ${AGGREGATE} FROM samples WHERE customer_ref = ? AND ts >= ? GROUP BY hour)
          ORDER BY ts`,
    args: [customerRef, from, customerRef, from],
  })
  const out: HourlyPoint[] = []
  for (const r of rs.rows) {
    const p = hourlyPointOf(r)
    const last = out.at(-1)
    if (last && last.received_at === p.received_at) out[out.length - 1] = mergePoints(last, p)
    else out.push(p)
  }
  return out
}

function hourlyPointOf(r: Row): HourlyPoint {
  return {
    ...historyPointOf(r),
    cpu_percent_max: unscale(r.cpu_max, 100),
    memory_used_percent_max: unscale(r.mem_max, 100),
    samples: Number(r.n),
  }
}

function mergePoints(a: HourlyPoint, b: HourlyPoint): HourlyPoint {
  const avg = (x: number | null, y: number | null) =>
    x === null
      ? y
      : y === null
        ? x
        : Math.round(((x * a.samples + y * b.samples) / (a.samples + b.samples)) * 100) / 100
  const hi = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y))
  const lo = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y))
  const worst = ['ok', 'warn', 'fail'] as const
  return {
    received_at: a.received_at,
    health: worst[Math.max(worst.indexOf(a.health), worst.indexOf(b.health))],
    cpu_percent: avg(a.cpu_percent, b.cpu_percent),
    cpu_percent_max: hi(a.cpu_percent_max, b.cpu_percent_max),
    load1: avg(a.load1, b.load1),
    memory_used_percent: avg(a.memory_used_percent, b.memory_used_percent),
    memory_used_percent_max: hi(a.memory_used_percent_max, b.memory_used_percent_max),
    disk_used_percent_max: hi(a.disk_used_percent_max, b.disk_used_percent_max),
    temperature_c: hi(a.temperature_c, b.temperature_c),
    containers_running: lo(a.containers_running, b.containers_running),
    containers_total: hi(a.containers_total, b.containers_total),
    samples: a.samples + b.samples,
  }
}
