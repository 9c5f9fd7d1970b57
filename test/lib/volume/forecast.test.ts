// Days until the volume is full, from daily readings, with a trend that one odd day cannot swing.
import { describe, expect, it } from 'vitest'
import { daysUntilFull, growthPerDay } from '../../../lib/volume/forecast.js'

const DAY = 86_400_000
const MiB = 1024 * 1024
const days = (used: number[]) => used.map((u, i) => ({ at: i * DAY, used: u * MiB }))

describe('the volume forecast', () => {
  it('reads the growth per day and the days left at it', () => {
    const points = days([500, 510, 520, 530, 540])
    expect(growthPerDay(points)).toBe(10 * MiB)
    expect(daysUntilFull(points, 1024 * MiB)).toBeCloseTo(48.4, 1)
  })

  it('is not swung by one odd day, as a least-squares line would be', () => {
    // A big prune on day 3 freed 200 MiB for a day; the trend is still 10 MiB a day.
    const points = days([500, 510, 520, 330, 540, 550, 560])
    expect(growthPerDay(points)).toBe(10 * MiB)
  })

  it('has no forecast with fewer than three readings, or while the volume is not filling', () => {
    expect(daysUntilFull(days([500, 600]), 1024 * MiB)).toBeNull()
    expect(daysUntilFull(days([600, 590, 580, 580]), 1024 * MiB)).toBeNull()
    expect(daysUntilFull(days([600, 600, 600]), 1024 * MiB)).toBeNull()
  })
})
