// When a disk will be full, from how its usage moved over the last two weeks. The hub stores a
// mount's usage only when it changes (lib/store/disk-usage.ts), so the readings are a step
// function: it is sampled every STEP_MS, then a Theil–Sen line is fitted to the samples after the
// last big drop. A cleanup is a change of regime, not an outlier: fitted across, it would flatten
// the slope (or, right after it, make the disk look as if it were emptying).
//
// No forecast rather than a wild one: too short a stretch after the last drop, a flat or shrinking
// disk, or a date further away than HORIZON_DAYS all give null.
import { median, theilSen } from './theil-sen.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export const FORECAST_WINDOW_DAYS = 14
/** Resolution of the fitted series: 168 samples over two weeks, about 14,000 pairs. */
const STEP_MS = 2 * HOUR
/** A fall of at least this many percentage points that holds is a cleanup (or a bigger disk). */
export const DROP_POINTS = 1
/** Samples on each side of a candidate drop whose medians are compared (six hours). */
const DROP_SPAN = 3
/** The stretch after the last drop must cover this much time to be fitted. */
export const MIN_FIT_DAYS = 3
/** Further away than this is no forecast: the trend of two weeks says nothing about next year. */
export const HORIZON_DAYS = 365

/** A stored reading: the mount's usage (percent of its size) from `at` (ms) until the next one. */
export interface UsageReading {
  at: number
  percent: number
}

/** The line fitted to a mount's recent usage. */
export interface Trend {
  /** Percentage points a day (negative: emptying). */
  slopePerDay: number
  /** The fitted usage at the end of the data. */
  percentNow: number
  /** Where the fitted stretch starts (the window's start, or the last drop). */
  fittedFrom: number
  samples: number
}

export interface Forecast extends Trend {
  /** When the fitted line reaches 100%. */
  fullAt: number
  daysLeft: number
}

/**
 * The forecast for one mount. `readings` are its stored changes, oldest first (at least the last
 * one before the window, if any, gives the level it starts at); `end` is the time of the latest
 * report that carried this mount: the level held at least until then.
 */
export function forecastFull(readings: UsageReading[], end: number): Forecast | null {
  const trend = fitTrend(readings, end)
  return trend ? fullFrom(trend, end) : null
}

/** The trend of the last two weeks after the last drop; null when that stretch is too short. */
export function fitTrend(readings: UsageReading[], end: number): Trend | null {
  const series = sampleSteps(readings, end - FORECAST_WINDOW_DAYS * DAY, end)
  if (series.length === 0) return null
  // 1. Fit only what came after the last cleanup.
  const fitted = series.slice(lastDropIndex(series.map((s) => s.percent)))
  const t0 = fitted[0].at
  if (end - t0 < MIN_FIT_DAYS * DAY) return null
  // 2. Days since the start of the fitted stretch as x: well-scaled numbers.
  const line = theilSen(
    fitted.map((s) => (s.at - t0) / DAY),
    fitted.map((s) => s.percent),
  )
  if (!line) return null
  return {
    slopePerDay: line.slope,
    percentNow: line.intercept + line.slope * ((end - t0) / DAY),
    fittedFrom: t0,
    samples: fitted.length,
  }
}

/** When a growing trend reaches 100%; null for a flat or shrinking one, or beyond the horizon. */
export function fullFrom(trend: Trend, end: number): Forecast | null {
  if (!(trend.slopePerDay > 0)) return null
  const daysLeft = Math.max(0, (100 - trend.percentNow) / trend.slopePerDay)
  if (daysLeft > HORIZON_DAYS) return null
  return { ...trend, fullAt: Math.round(end + daysLeft * DAY), daysLeft }
}

/**
 * The step function of `readings` sampled every STEP_MS from `start` (or the first reading, if
 * later) to `end`, the last sample at `end` itself.
 */
export function sampleSteps(readings: UsageReading[], start: number, end: number): UsageReading[] {
  const sorted = [...readings]
    .filter((r) => Number.isFinite(r.percent) && r.at <= end)
    .sort((a, b) => a.at - b.at)
  if (sorted.length === 0) return []
  const first = Math.max(start, sorted[0].at)
  const out: UsageReading[] = []
  let k = 0
  const push = (t: number) => {
    while (k + 1 < sorted.length && sorted[k + 1].at <= t) k++
    out.push({ at: t, percent: sorted[k].percent })
  }
  for (let t = first; t < end; t += STEP_MS) push(t)
  push(end)
  return out
}

/**
 * The index the last big drop lands on (0 when there is none): the first sample that lies
 * DROP_POINTS or more below the median of the DROP_SPAN samples before it, with the median of it
 * and the next ones just as low. Medians on both sides, so one noisy sample neither makes nor
 * hides a drop.
 */
export function lastDropIndex(values: number[]): number {
  let last = 0
  let inDrop = false
  for (let i = 1; i < values.length; i++) {
    const before = median(values.slice(Math.max(0, i - DROP_SPAN), i))
    const after = median(values.slice(i, i + DROP_SPAN))
    const drop = values[i] <= before - DROP_POINTS && after <= before - DROP_POINTS
    if (drop && !inDrop) last = i
    inDrop = drop
  }
  return last
}
