// reports (full JSON, deflated) and metrics (one compact row per report).
import type { Client, InStatement, InValue } from '@libsql/client'
import { inflate } from '../crypto.js'
import type { MetricsPoint } from '../report-metrics.js'
import { insertGrouped } from './group-commit.js'
import { bytes } from './rows.js'

const HEALTH_CODE = { ok: 0, warn: 1, fail: 2 } as const
const HEALTH_NAME = ['ok', 'warn', 'fail'] as const
const scale = (v: number | null, f: number) => (v === null ? null : Math.round(v * f))
const unscale = (v: unknown, f: number) => (v === null || v === undefined ? null : Number(v) / f)

export interface ReportHeadline {
  controllerVersion: string
  hostname: string | null
  health: string
  monitoringEnabled: boolean
  controllerUrl: string | null
  backupEnabled: boolean | null
  dbdumpEnabled: boolean | null
}

const flag = (v: boolean | null) => (v === null ? null : v ? 1 : 0)

/** The columns of the report_ingest view (migration 0008), in the order storeReport binds them. */
const INGEST = `report_ingest (customer_id, received_at, body, controller_version, hostname, health,
  monitoring_enabled, controller_url, backup_enabled, dbdump_enabled,
  ts, metrics_health, cpu, load1, mem, disk, temp, running, total)`

/** One report as a row of the report_ingest view, in the order of INGEST. */
function ingestValues(
  customerId: string,
  body: Uint8Array,
  headline: ReportHeadline,
  metrics: MetricsPoint,
  receivedAt: number,
): InValue[] {
  return [
    customerId,
    receivedAt,
    body,
    headline.controllerVersion,
    headline.hostname,
    headline.health,
    headline.monitoringEnabled ? 1 : 0,
    headline.controllerUrl,
    flag(headline.backupEnabled),
    flag(headline.dbdumpEnabled),
    ...metricsValues(metrics, receivedAt),
  ]
}

/** The compact metrics row's values (after customer_ref): scaled integers. */
function metricsValues(metrics: MetricsPoint, receivedAt: number): InValue[] {
  return [
    Math.floor(receivedAt / 1000),
    HEALTH_CODE[metrics.health],
    scale(metrics.cpu_percent, 100),
    scale(metrics.load1, 100),
    scale(metrics.memory_used_percent, 100),
    scale(metrics.disk_used_percent_max, 100),
    scale(metrics.temperature_c, 10),
    metrics.containers_running,
    metrics.containers_total,
  ]
}

/**
 * Stores one report (`body`: its JSON, deflate-raw compressed) atomically (group-committed with
 * concurrent ones): creates a manual customer on first sight, keeps the raw JSON (compressed) and
 * the metrics row, and moves the customer's "latest" pointer unless a newer report already did.
 * Those four writes are the INSTEAD OF INSERT trigger of the report_ingest view, so a report is one
 * row, and the reports of one group commit are one multi-row INSERT: the client's per-statement
 * overhead, not SQLite, was the bottleneck (see migrations/0008_report_ingest_view.ts).
 */
export async function storeReport(
  db: Client,
  customerId: string,
  body: Uint8Array,
  headline: ReportHeadline,
  metrics: MetricsPoint,
  receivedAt: number,
): Promise<void> {
  await insertGrouped(db, INGEST, ingestValues(customerId, body, headline, metrics, receivedAt))
}

/** The same four writes as storeReport, as one statement for an import's own transaction. */
export function reportIngestStatement(
  customerId: string,
  body: Uint8Array,
  headline: ReportHeadline,
  metrics: MetricsPoint,
  receivedAt: number,
): InStatement {
  const values = ingestValues(customerId, body, headline, metrics, receivedAt)
  return { sql: `INSERT INTO ${INGEST} VALUES (${values.map(() => '?').join(', ')})`, args: values }
}

/**
 * A report's metrics row alone (history older than the full JSON is kept), for a customer that
 * exists; a row already stored for that second is left as it is.
 */
export function metricsRowStatement(
  customerId: string,
  metrics: MetricsPoint,
  receivedAt: number,
): InStatement {
  return {
    sql: `INSERT OR IGNORE INTO metrics (customer_ref, ts, health, cpu, load1, mem, disk, temp, running, total)
          VALUES ((SELECT ref FROM customer_configs WHERE customer_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [customerId, ...metricsValues(metrics, receivedAt)],
  }
}

/** When a customer's stored full reports were received (ms) and its metrics rows taken (s). */
export async function storedReportTimes(
  db: Client,
  customerId: string,
): Promise<{ reports: Set<number>; metrics: Set<number> }> {
  const ref = '(SELECT ref FROM customer_configs WHERE customer_id = ?)'
  const [reports, metrics] = await db.batch(
    [
      { sql: `SELECT received_at AS t FROM reports WHERE customer_ref = ${ref}`, args: [customerId] },
      { sql: `SELECT ts AS t FROM metrics WHERE customer_ref = ${ref}`, args: [customerId] },
    ],
    'read',
  )
  return {
    reports: new Set(reports.rows.map((r) => Number(r.t))),
    metrics: new Set(metrics.rows.map((r) => Number(r.t))),
  }
}

export interface StoredReport {
  receivedAt: number
  report: Record<string, unknown>
}

export async function reportById(db: Client, id: number): Promise<StoredReport | null> {
  const rs = await db.execute({ sql: 'SELECT received_at, body FROM reports WHERE id = ?', args: [id] })
  const r = rs.rows[0]
  if (!r) return null
  const text = new TextDecoder().decode(await inflate(bytes(r.body)))
  return { receivedAt: Number(r.received_at), report: JSON.parse(text) }
}

export interface HistoryPoint extends MetricsPoint {
  received_at: number
}

export async function metricsSince(
  db: Client,
  customerRef: number,
  sinceMs: number,
): Promise<HistoryPoint[]> {
  const rs = await db.execute({
    sql: `SELECT ts, health, cpu, load1, mem, disk, temp, running, total FROM metrics
          WHERE customer_ref = ? AND ts >= ? ORDER BY ts`,
    args: [customerRef, Math.floor(sinceMs / 1000)],
  })
  return rs.rows.map((r) => ({
    received_at: Number(r.ts) * 1000,
    health: HEALTH_NAME[Number(r.health)] ?? 'ok',
    cpu_percent: unscale(r.cpu, 100),
    load1: unscale(r.load1, 100),
    memory_used_percent: unscale(r.mem, 100),
    disk_used_percent_max: unscale(r.disk, 100),
    temperature_c: unscale(r.temp, 10),
    containers_running: r.running === null ? null : Number(r.running),
    containers_total: r.total === null ? null : Number(r.total),
  }))
}
