// Report ingest and the customer views built from reports.
import type { Env } from './env.js'
import { durationMs } from './config.js'
import { sampleOf } from './report-metrics.js'
import type { Report } from './schemas.js'
import { customerStatus, type Status } from './status.js'
import { getCustomer, listCustomers, type Customer } from './store/customers.js'
import { problemCountsSince } from './store/events.js'
import { reportById, type ReportHeadline, type StoredReport } from './store/reports.js'
import { iso } from './clock.js'
import { deflate } from './crypto.js'

const DAY = 86_400_000

/** Stores a validated report as sent (unknown fields included); returns the hub's receive time. */
export async function ingestReport(env: Env, report: Report, raw: Uint8Array): Promise<number> {
  const receivedAt = env.clock.now().getTime()
  await env.reports.submit({
    customerId: report.customer_id,
    receivedAt,
    body: await (env.deflate ?? deflate)(raw),
    headline: headlineOf(report),
    sample: sampleOf(report),
  })
  env.metrics.inc('reports_ingested_total')
  return receivedAt
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

export interface CustomerSummary {
  customer_id: string
  display_name: string
  status: Status
  config_type: 'managed' | 'manual'
  last_report_at: string | null
  controller_version: string | null
  hostname: string | null
  health: string | null
  events_24h: { error: number; warning: number }
}

export function statusOf(env: Env, c: Customer): Status {
  return customerStatus(c, env.clock.now().getTime(), durationMs(env.config.alerting.stale_threshold))
}

export async function customerSummaries(env: Env, onlyCustomerId?: string): Promise<CustomerSummary[]> {
  const now = env.clock.now().getTime()
  const customers = onlyCustomerId
    ? [await getCustomer(env.db, onlyCustomerId)].filter((c): c is Customer => c !== null)
    : await listCustomers(env.db)
  const counts = await problemCountsSince(env.db, now - DAY, onlyCustomerId)
  return customers.map((c) => ({
    customer_id: c.customerId,
    display_name: c.displayName || c.hostname || c.customerId,
    status: statusOf(env, c),
    config_type: c.configType,
    last_report_at: c.lastReportAt === null ? null : iso(c.lastReportAt),
    controller_version: c.controllerVersion,
    hostname: c.hostname,
    health: c.health,
    events_24h: counts.get(c.customerId) ?? { error: 0, warning: 0 },
  }))
}

/** The customer's latest report; an unreadable one comes back with `report: null` and is logged. */
export async function latestReport(env: Env, c: Customer): Promise<StoredReport | null> {
  if (c.latestReportId === null) return null
  const stored = await reportById(env.db, c.latestReportId)
  if (stored?.problem) {
    env.log.warn('stored report unreadable', {
      customer_id: c.customerId,
      report_id: c.latestReportId,
      problem: stored.problem,
    })
  }
  return stored
}
