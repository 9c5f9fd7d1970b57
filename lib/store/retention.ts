// Deleting what the retention settings no longer keep. Each function deletes at most `limit` rows
// per call (one short write transaction), so the prune job can bound its work and never hold the
// write lock long enough to stall report ingest.
import type { Client } from '@libsql/client'

/**
 * Deletes up to `limit` of `table`'s oldest rows whose `timeColumn` is before `before` (and that
 * `keep` does not protect), oldest first: one short write transaction on the time index. Rows are
 * picked by `id` (`rowid` for a table keyed otherwise). `table`, `timeColumn`, `keep` and `rowKey`
 * are the constants of the named functions below, never input.
 */
async function deleteOldest(
  db: Client,
  where: { table: string; timeColumn: string; keep?: string; rowKey?: 'id' | 'rowid' },
  before: number,
  limit: number,
): Promise<number> {
  const { table, timeColumn, keep, rowKey = 'id' } = where
  const rs = await db.execute({
    sql: `DELETE FROM ${table} WHERE ${rowKey} IN (
            SELECT ${rowKey} FROM ${table} WHERE ${timeColumn} < ? ${keep ? `AND ${keep}` : ''}
            ORDER BY ${timeColumn} LIMIT ?)`,
    args: [before, limit],
  })
  return rs.rowsAffected
}

/** Full report JSON older than `before`, except each customer's latest report. */
export const deleteOldReports = (db: Client, before: number, limit: number) =>
  deleteOldest(
    db,
    {
      table: 'reports',
      timeColumn: 'received_at',
      keep: 'id NOT IN (SELECT latest_report_id FROM customer_configs WHERE latest_report_id IS NOT NULL)',
    },
    before,
    limit,
  )

export async function customerRefs(db: Client): Promise<number[]> {
  const rs = await db.execute('SELECT ref FROM customer_configs ORDER BY ref')
  return rs.rows.map((r) => Number(r.ref))
}

/** One customer's samples older than `beforeSec`: a range on the (customer_ref, ts) key. */
export async function deleteOldSamples(db: Client, customerRef: number, beforeSec: number, limit: number) {
  const rs = await db.execute({
    sql: `DELETE FROM samples WHERE customer_ref = ? AND ts IN (
            SELECT ts FROM samples WHERE customer_ref = ? AND ts < ? ORDER BY ts LIMIT ?)`,
    args: [customerRef, customerRef, beforeSec, limit],
  })
  return rs.rowsAffected
}

export const deleteOldEvents = (db: Client, before: number, limit: number) =>
  deleteOldest(db, { table: 'events', timeColumn: 'received_at' }, before, limit)

export const deleteOldNotificationLog = (db: Client, before: number, limit: number) =>
  deleteOldest(db, { table: 'notification_log', timeColumn: 'created_at' }, before, limit)

/** Decisions to send nothing (status skipped) older than `before`; sent and failed ones stay. */
export const deleteOldSkippedNotifications = (db: Client, before: number, limit: number) =>
  deleteOldest(
    db,
    { table: 'notification_log', timeColumn: 'created_at', keep: "status = 'skipped'" },
    before,
    limit,
  )

/** Old ledger rows, except each job's latest (a rarely firing schedule must not run its slot again). */
/** Operator notification decisions taken before `before` (a cooldown is hours, not months). */
export const deleteOldDecisions = (db: Client, before: number, limit: number) =>
  deleteOldest(db, { table: 'notification_decisions', timeColumn: 'decided_at' }, before, limit)

/** Acknowledgements made before `before`. */
export const deleteOldAcks = (db: Client, before: number, limit: number) =>
  deleteOldest(db, { table: 'acknowledgements', timeColumn: 'acked_at', rowKey: 'rowid' }, before, limit)

export const deleteOldJobRuns = (db: Client, before: number, limit: number) =>
  deleteOldest(
    db,
    {
      table: 'job_runs',
      timeColumn: 'started_at',
      keep: "id NOT IN (SELECT max(id) FROM job_runs WHERE slot NOT LIKE 'manual:%' GROUP BY job)",
    },
    before,
    limit,
  )

/** Idempotency-Keys taken at or before `before` (held for 24 h: lib/api/idempotency.ts). */
export const deleteExpiredKeys = (db: Client, before: number, limit: number) =>
  deleteOldest(db, { table: 'idempotency_keys', timeColumn: 'created_at' }, before + 1, limit)

/** Audit entries older than `before` (kept retention.max_days). */
export const deleteOldAuditLog = (db: Client, before: number, limit: number) =>
  deleteOldest(db, { table: 'audit_log', timeColumn: 'at' }, before, limit)

export async function deleteExpiredSessions(db: Client, now: number): Promise<number> {
  const rs = await db.execute({ sql: 'DELETE FROM sessions WHERE expires_at <= ?', args: [now] })
  return rs.rowsAffected
}

/** About 80 MB of 4 KiB pages per run; the rest is freed by the next one. */
const MAX_VACUUM_PAGES = 20_000
/**
 * Pages per incremental_vacuum step. The embedded driver runs SQL on the event loop, so one step
 * is a pause for every request; 128 pages (512 KiB) keep it to a few milliseconds, and the loop
 * yields between steps so requests interleave.
 */
const VACUUM_STEP_PAGES = 128

const freelistCount = async (db: Client) =>
  Number((await db.execute('PRAGMA freelist_count')).rows[0]?.[0] ?? 0)
const yieldToRequests = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/** Hands free pages back to the file system (the database is created with auto_vacuum=INCREMENTAL). */
export async function reclaimSpace(db: Client): Promise<{ freedPages: number; walCheckpointed: boolean }> {
  const before = await freelistCount(db)
  let left = before
  for (let done = 0; left > 0 && done < MAX_VACUUM_PAGES; done += VACUUM_STEP_PAGES) {
    // Each page freed is one step of the pragma's program; execute() steps it once (one page), so
    // it goes through executeMultiple, which runs it to the end. The argument bounds one step.
    await db.executeMultiple(`PRAGMA incremental_vacuum(${VACUUM_STEP_PAGES})`)
    const now = await freelistCount(db)
    if (now >= left) break // nothing more will come free (another writer, or a remote server)
    left = now
    await yieldToRequests()
  }
  // wal_checkpoint answers (busy, log, checkpointed); busy=1 means a reader kept it from finishing.
  const cp = await db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
  return { freedPages: Math.max(0, before - left), walCheckpointed: Number(cp.rows[0]?.[0] ?? 1) === 0 }
}
