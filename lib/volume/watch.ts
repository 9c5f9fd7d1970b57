// The hub watches its own volume: one reading a day (the day's latest of the hourly job), a
// forecast of the days until it is full from the last two weeks of readings, and one fleet-wide
// warning a day to the operator while it is 85% full or predicted full within 14 days.
import type { Env } from '../core/env.js'
import { recordHubEvent } from '../events/record.js'
import { budapestDate } from '../jobs/schedule.js'
import {
  deleteReadingsBefore,
  latestReadings,
  saveReading,
  type VolumeReading,
} from '../store/volume-readings.js'
import { daysUntilFull } from './forecast.js'

/** A volume this full (used / size) is reported. */
export const FULL_SHARE = 0.85
/** Days of readings the forecast reads, and how soon a predicted "full" is reported. */
export const HORIZON_DAYS = 14
const KEEP_READINGS_DAYS = 31

export interface VolumeStatus extends VolumeReading {
  usedShare: number
  /** Days until full at the trend of the last HORIZON_DAYS readings; null: not filling or too few. */
  daysUntilFull: number | null
}

/** The volume now, with the forecast of the stored daily readings; null where it cannot be read. */
export async function volumeStatus(env: Env): Promise<VolumeStatus | null> {
  if (!env.volume) return null
  const now = await env.volume()
  const readings = await latestReadings(env.db, HORIZON_DAYS)
  const points = readings.map((r) => ({ at: r.takenAt, used: r.usedBytes }))
  return {
    ...now,
    usedShare: now.sizeBytes > 0 ? now.usedBytes / now.sizeBytes : 0,
    daysUntilFull: daysUntilFull(points, now.sizeBytes),
  }
}

const mib = (b: number) => `${Math.round(b / 1048576)} MiB`

export type VolumeWatchSummary =
  | { ok: true; skipped: string }
  | {
      ok: true
      date: string
      used_percent: number
      days_until_full: number | null
      filling: boolean
      warned: boolean
    }

/** The hourly job: records today's reading, forecasts, and warns the operator once a day if needed. */
export async function watchVolume(env: Env): Promise<VolumeWatchSummary> {
  if (!env.volume) return { ok: true, skipped: 'the database is not a local file: no volume to watch' }
  const now = env.clock.now()
  const date = budapestDate(now)
  // 1. Today's reading (a later one the same day replaces it); a month is kept.
  await saveReading(env.db, date, now.getTime(), await env.volume())
  await deleteReadingsBefore(env.db, budapestDate(new Date(now.getTime() - KEEP_READINGS_DAYS * 86_400_000)))
  const status = (await volumeStatus(env))!
  // 2. Full enough, or filling fast enough, to tell the operator: at most once per date.
  const soon = status.daysUntilFull !== null && status.daysUntilFull <= HORIZON_DAYS
  const filling = status.usedShare >= FULL_SHARE || soon
  let warned = false
  if (filling) {
    const forecast =
      status.daysUntilFull === null
        ? 'it is not growing over the last two weeks'
        : `at the last two weeks' growth it is full in about ${Math.ceil(status.daysUntilFull)} days`
    const event = await recordHubEvent(env, {
      customerId: null,
      eventType: 'hub_volume_filling',
      severity: 'warning',
      message:
        `The hub's volume is ${Math.round(status.usedShare * 100)}% full (${mib(status.usedBytes)} of ${mib(status.sizeBytes)}): ` +
        `hub.db ${mib(status.databaseBytes)}, WAL ${mib(status.walBytes)}, snapshots ${mib(status.snapshotBytes)}; ${forecast}.`,
      details: {
        used_bytes: status.usedBytes,
        size_bytes: status.sizeBytes,
        database_bytes: status.databaseBytes,
        wal_bytes: status.walBytes,
        snapshot_bytes: status.snapshotBytes,
        days_until_full: status.daysUntilFull === null ? null : Math.round(status.daysUntilFull * 10) / 10,
      },
      dedupeKey: `hub_volume_filling:${date}`,
    })
    warned = event !== null
  }
  return {
    ok: true,
    date,
    used_percent: Math.round(status.usedShare * 1000) / 10,
    days_until_full: status.daysUntilFull === null ? null : Math.round(status.daysUntilFull * 10) / 10,
    filling,
    warned,
  }
}
