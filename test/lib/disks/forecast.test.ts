// The disk-full forecast on synthetic series: readings as the hub stores them (one per hour at
// most, only when the value changed), ending "now" at END.
import { describe, expect, it } from 'vitest'
import { forecastFull, lastDropIndex, sampleSteps, type UsageReading } from '../../../lib/disks/forecast.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const END = Date.parse('2026-11-29T04:00:00Z')

/** Hourly readings over `days` up to END, from a function of days-before-END. */
function hourly(days: number, percentAt: (daysAgo: number, i: number) => number): UsageReading[] {
  const out: UsageReading[] = []
  for (let h = days * 24, i = 0; h >= 0; h--, i++) {
    out.push({ at: END - h * HOUR, percent: percentAt(h / 24, i) })
  }
  return onlyChanges(out)
}

/** What the store keeps: a reading only when the (0.01-point) value changed. */
function onlyChanges(readings: UsageReading[]): UsageReading[] {
  const out: UsageReading[] = []
  for (const r of readings) {
    const percent = Math.round(r.percent * 100) / 100
    if (out.length === 0 || out[out.length - 1].percent !== percent) out.push({ at: r.at, percent })
  }
  return out
}

/** A repeatable pseudo-random sequence in [-1, 1]. */
function noise(seed: number) {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return (s / 2 ** 31) * 2 - 1
  }
}

describe('forecastFull', () => {
  it('extends steady growth to the day the disk is full', () => {
    // 60% two weeks ago, +1 point a day: 74% now, full in 26 days.
    const f = forecastFull(
      hourly(14, (ago) => 74 - ago),
      END,
    )!
    expect(f.slopePerDay).toBeCloseTo(1, 2)
    expect(f.percentNow).toBeCloseTo(74, 1)
    expect(f.daysLeft).toBeCloseTo(26, 0)
    expect(f.fullAt).toBeCloseTo(END + 26 * DAY, -7) // within a few hours
  })

  it('gives no forecast for a flat disk', () => {
    expect(
      forecastFull(
        hourly(14, () => 55),
        END,
      ),
    ).toBeNull()
    // Stored only when it changes: a flat disk may have one reading, weeks old.
    expect(forecastFull([{ at: END - 30 * DAY, percent: 55 }], END)).toBeNull()
  })

  it('is not fooled by a cleanup: it fits the growth after the step down', () => {
    // +1 point a day, then 5 days ago someone deleted 30 points' worth, and growth went on at
    // +2 points a day. Fitted across the step, the slope would come out near zero or negative.
    const readings = hourly(14, (ago) => (ago > 5 ? 80 - (ago - 5) : 50 + 2 * (5 - ago)))
    const f = forecastFull(readings, END)!
    expect(f.fittedFrom).toBeGreaterThanOrEqual(END - 5 * DAY - 3 * HOUR)
    expect(f.slopePerDay).toBeCloseTo(2, 1)
    expect(f.percentNow).toBeCloseTo(60, 0)
    expect(f.daysLeft).toBeCloseTo(20, 0)
  })

  it('gives no forecast right after a cleanup, until the new trend has lasted three days', () => {
    const readings = hourly(14, (ago) => (ago > 1 ? 90 - (ago - 1) : 40 + (1 - ago)))
    expect(forecastFull(readings, END)).toBeNull()
  })

  it('follows the trend through noise, and noise alone is no cleanup', () => {
    const rnd = noise(7)
    // +0.5 points a day under ±0.4 points of noise on every reading.
    const readings = hourly(14, (ago) => 70 - 0.5 * ago + 0.4 * rnd())
    const f = forecastFull(readings, END)!
    expect(f.fittedFrom).toBe(END - 14 * DAY)
    expect(f.slopePerDay).toBeGreaterThan(0.45)
    expect(f.slopePerDay).toBeLessThan(0.55)
    expect(f.daysLeft).toBeGreaterThan(54)
    expect(f.daysLeft).toBeLessThan(66)
  })

  it('shrugs off a few wild readings', () => {
    const readings = hourly(14, (ago, i) => (i % 40 === 7 ? 3 : 80 - 0.5 * ago))
    const f = forecastFull(readings, END)!
    expect(f.slopePerDay).toBeCloseTo(0.5, 1)
    expect(f.daysLeft).toBeCloseTo(40, 0)
  })

  it('gives no forecast from too little data, however steep', () => {
    // A day and a half of reports from a new node, climbing 10 points a day.
    expect(
      forecastFull(
        hourly(1.5, (ago) => 50 - 10 * ago),
        END,
      ),
    ).toBeNull()
    expect(forecastFull([], END)).toBeNull()
    expect(
      forecastFull(
        [
          { at: END - 5 * DAY, percent: 50 },
          { at: END - 4 * DAY, percent: 60 },
        ],
        END,
      ),
    ).toBeNull()
  })

  it('gives no forecast for a disk that is emptying', () => {
    expect(
      forecastFull(
        hourly(14, (ago) => 50 + ago),
        END,
      ),
    ).toBeNull()
  })

  it('gives no forecast for a date beyond a year', () => {
    // +0.05 points a day from 50%: a thousand days.
    expect(
      forecastFull(
        hourly(14, (ago) => 50 - 0.05 * ago),
        END,
      ),
    ).toBeNull()
  })

  it('says "now" for a disk the trend has already filled', () => {
    const f = forecastFull(
      hourly(14, (ago) => 100.5 - 0.5 * ago),
      END,
    )!
    expect(f.daysLeft).toBe(0)
    expect(f.fullAt).toBe(END)
  })
})

describe('sampleSteps', () => {
  it('holds each reading until the next, from the window start or the first reading', () => {
    const readings = [
      { at: END - 10 * DAY, percent: 10 },
      { at: END - 1 * DAY, percent: 20 },
    ]
    const s = sampleSteps(readings, END - 2 * DAY, END)
    expect(s[0]).toEqual({ at: END - 2 * DAY, percent: 10 })
    expect(s.at(-1)).toEqual({ at: END, percent: 20 })
    expect(s.filter((x) => x.percent === 10)).toHaveLength(12)
    expect(sampleSteps([{ at: END - 3 * HOUR, percent: 1 }], END - DAY, END).map((x) => x.at)).toEqual([
      END - 3 * HOUR,
      END - HOUR,
      END,
    ])
  })
})

describe('lastDropIndex', () => {
  it('finds where the last lasting fall of a point or more begins', () => {
    expect(lastDropIndex([1, 2, 3, 4, 5])).toBe(0)
    expect(lastDropIndex([50, 51, 52, 40, 41, 42, 43])).toBe(3)
    expect(lastDropIndex([50, 51, 52, 40, 41, 42, 30, 31, 32])).toBe(6)
    // One low reading between normal ones is noise, not a cleanup.
    expect(lastDropIndex([50, 51, 52, 10, 53, 54, 55])).toBe(0)
  })
})
