// Gauges read from the database just before a scrape. The database is the truth shared by every
// replica and by the Worker, so these are right however many processes share it.
import { durationMs } from '../core/config.js'
import type { Env } from '../core/env.js'
import { fleetCounts } from '../store/customer-list.js'
import { volumeStatus } from '../volume/watch.js'

export async function refreshScrapeGauges(env: Env): Promise<void> {
  // 1. Customers by status, every status included: one that empties drops to 0 rather than
  //    keeping its last value. One aggregate query, however large the fleet.
  const staleMs = durationMs(env.config.alerting.stale_threshold)
  const counts = await fleetCounts(env.db, env.clock.now().getTime(), staleMs)
  for (const [status, n] of Object.entries(counts.byStatus)) env.metrics.set('customers', n, { status })

  // 2. page_count × page_size: the size without touching the file system (works over HTTP too).
  const pages = await env.db.execute('PRAGMA page_count')
  const pageSize = await env.db.execute('PRAGMA page_size')
  env.metrics.set('database_size_bytes', Number(pages.rows[0]?.[0] ?? 0) * Number(pageSize.rows[0]?.[0] ?? 0))

  // 3. The hub's own volume, where it has one (Node with the embedded file).
  const volume = await volumeStatus(env)
  if (volume) {
    env.metrics.set('volume_size_bytes', volume.sizeBytes)
    env.metrics.set('volume_free_bytes', volume.sizeBytes - volume.usedBytes)
    env.metrics.set('volume_database_bytes', volume.databaseBytes)
    env.metrics.set('volume_wal_bytes', volume.walBytes)
    env.metrics.set('volume_snapshot_bytes', volume.snapshotBytes)
    env.metrics.set('volume_seconds_until_full', (volume.daysUntilFull ?? Infinity) * 86_400)
  }

  // 4. Each job's latest finished run, whoever ran it: alert on "prune has not succeeded for 2 days".
  // SQLite's bare columns beside MAX() come from the row holding the maximum: the latest run.
  const runs = await env.db.execute(
    `SELECT job, started_at, ok, MAX(finished_at) AS finished_at
     FROM job_runs WHERE finished_at IS NOT NULL GROUP BY job`,
  )
  for (const r of runs.rows) {
    const labels = { job_name: String(r.job) }
    env.metrics.set('job_last_run_timestamp_seconds', Number(r.finished_at) / 1000, labels)
    const seconds = (Number(r.finished_at) - Number(r.started_at)) / 1000
    env.metrics.set('job_last_run_duration_seconds', seconds, labels)
    env.metrics.set('job_last_run_ok', Number(r.ok) === 1 ? 1 : 0, labels)
  }
  const success = await env.db.execute(
    'SELECT job, MAX(finished_at) AS at FROM job_runs WHERE ok = 1 GROUP BY job',
  )
  for (const r of success.rows) {
    env.metrics.set('job_last_success_timestamp_seconds', Number(r.at) / 1000, { job_name: String(r.job) })
  }
}
