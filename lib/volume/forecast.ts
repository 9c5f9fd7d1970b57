// When will the volume be full? A robust trend over the daily readings: the Theil–Sen slope (the
// median of the slopes between every pair of readings), so one odd day (a big import, a prune
// that freed a lot) does not swing the forecast the way a least-squares line would.

export interface Point {
  /** Milliseconds since the epoch. */
  at: number
  used: number
}

const DAY = 86_400_000
/** Fewer readings than this make no trend. */
export const MIN_READINGS = 3

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Bytes per day the readings grow by (negative when shrinking), or null with too few readings. */
export function growthPerDay(points: Point[]): number | null {
  if (points.length < MIN_READINGS) return null
  const slopes: number[] = []
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const dt = points[j].at - points[i].at
      if (dt > 0) slopes.push(((points[j].used - points[i].used) / dt) * DAY)
    }
  return slopes.length ? median(slopes) : null
}

/**
 * Days until `size` bytes are used at the trend of `points`, counted from the latest reading; null
 * when there is no trend yet or the volume is not filling.
 */
export function daysUntilFull(points: Point[], size: number): number | null {
  const perDay = growthPerDay(points)
  if (perDay === null || perDay <= 0) return null
  const latest = points[points.length - 1]
  return Math.max(0, (size - latest.used) / perDay)
}
