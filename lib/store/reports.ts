// reports (full JSON, deflated) and metrics (one compact row per report).
import type { Client } from '@libsql/client'
import { inflate } from '../crypto.js'
import { parseStoredJson } from '../json.js'
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
  await insertGrouped(db, INGEST, [
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
    Math.floor(receivedAt / 1000),
    HEALTH_CODE[metrics.health],
    scale(metrics.cpu_percent, 100),
    scale(metrics.load1, 100),
    scale(metrics.memory_used_percent, 100),
    scale(metrics.disk_used_percent_max, 100),
    scale(metrics.temperature_c, 10),
    metrics.containers_running,
    metrics.containers_total,
  ])
}

/**
 * A stored report: the JSON object as sent, or null with the problem when the row cannot be read
 * back (a corrupt blob, or JSON the hub would refuse today, stored before the limit existed).
 */
export type StoredReport =
  | { receivedAt: number; report: Record<string, unknown>; problem?: undefined }
  | { receivedAt: number; report: null; problem: string }

export async function reportById(db: Client, id: number): Promise<StoredReport | null> {
  const rs = await db.execute({ sql: 'SELECT received_at, body FROM reports WHERE id = ?', args: [id] })
  const r = rs.rows[0]
  if (!r) return null
  const receivedAt = Number(r.received_at)
  let raw: Uint8Array
  try {
    raw = await inflate(bytes(r.body))
  } catch {
    return { receivedAt, report: null, problem: 'its compressed body is corrupt' }
  }
  const parsed = parseStoredJson(raw)
  if (!parsed.ok) return { receivedAt, report: null, problem: `its body is ${parsed.problem}` }
  const v = parsed.value
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return { receivedAt, report: null, problem: 'its body is not a JSON object' }
  }
  return { receivedAt, report: v as Record<string, unknown> }
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
