// A customer's history for a period, at the resolution the store keeps for it: every sample for
// periods within the raw week (RAW_SAMPLE_DAYS), hourly points for longer ones (the prune job folds
// older samples into hours: lib/store/samples-hourly.ts).
import type { Client } from '@libsql/client'
import { samplesSince, type HistoryPoint } from '../store/reports.js'
import { hourlySince, type HourlyPoint } from '../store/samples-hourly.js'

/** How long raw samples are kept before the prune job folds them into hourly rows. */
export const RAW_SAMPLE_DAYS = 7
const DAY = 86_400_000

export type Resolution = 'sample' | 'hour'

/** A chart's or the API's points: hourly ones also carry the hour's highest CPU and memory. */
export type HistorySeries =
  { resolution: 'sample'; points: HistoryPoint[] } | { resolution: 'hour'; points: HourlyPoint[] }

export const resolutionFor = (periodMs: number): Resolution =>
  periodMs <= RAW_SAMPLE_DAYS * DAY ? 'sample' : 'hour'

export async function historySince(
  db: Client,
  customerRef: number,
  periodMs: number,
  nowMs: number,
): Promise<HistorySeries> {
  const since = nowMs - periodMs
  return resolutionFor(periodMs) === 'sample'
    ? { resolution: 'sample', points: await samplesSince(db, customerRef, since) }
    : { resolution: 'hour', points: await hourlySince(db, customerRef, since) }
}

/** The HistoryPoint fields alone (spec §3): what the API answers at either resolution. */
export function wirePoint(p: HistoryPoint): HistoryPoint {
  return {
    received_at: p.received_at,
    health: p.health,
    cpu_percent: p.cpu_percent,
    load1: p.load1,
    memory_used_percent: p.memory_used_percent,
    disk_used_percent_max: p.disk_used_percent_max,
    temperature_c: p.temperature_c,
    containers_running: p.containers_running,
    containers_total: p.containers_total,
  }
}
