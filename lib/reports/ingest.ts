// Report ingest: a validated report becomes a stored row (lib/store/reports.ts storeReports),
// through the Env's group commit.
import type { Report } from '../api/schemas.js'
import type { Env } from '../core/env.js'
import { encodeReportBody } from '../store/report-codec.js'
import type { ReportHeadline } from '../store/reports.js'
import { diskReadingsOf } from '../disks/usage.js'
import { sampleOf } from './samples.js'

/** Stores a validated report as sent (unknown fields included); returns the hub's receive time. */
export async function ingestReport(env: Env, report: Report, raw: Uint8Array): Promise<number> {
  const receivedAt = env.clock.now().getTime()
  await env.reports.submit({
    customerId: report.customer_id,
    receivedAt,
    ...(await encodeReportBody(raw, env.deflate)),
    headline: headlineOf(report),
    sample: sampleOf(report),
    disks: disksToStore(env, report, receivedAt),
  })
  env.metrics.inc('reports_ingested_total')
  return receivedAt
}

const HOUR = 3_600_000

/**
 * The report's disk readings, unless this process already sent this customer's for this hour:
 * disk_usage keeps one row per hour at most, so the store would ignore them anyway.
 */
function disksToStore(env: Env, report: Report, receivedAt: number) {
  const hour = Math.floor(receivedAt / HOUR)
  const seen = env.diskUsageHours
  if (seen?.get(report.customer_id) === hour) return undefined
  seen?.set(report.customer_id, hour)
  return diskReadingsOf(report)
}

/** The status inputs a report brings to its customer's row. */
export function headlineOf(report: Report): ReportHeadline {
  return {
    controllerVersion: report.controller_version,
    hostname: report.hostname ?? null,
    health: report.health.status,
    monitoringEnabled: report.monitoring_enabled ?? true,
    controllerUrl: report.controller_url ?? null,
    backupEnabled: report.backups?.backup_enabled ?? null,
    dbdumpEnabled: report.backups?.dbdump_enabled ?? null,
  }
}
