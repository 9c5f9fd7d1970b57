import { describe, expect, it } from 'vitest'
import { median, theilSen } from '../../../lib/disks/theil-sen.js'

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([-1, 10, -20])).toBe(-1)
    expect(median([])).toBeNaN()
  })
})

describe('theilSen', () => {
  it('recovers a line exactly', () => {
    const xs = [0, 1, 2, 3, 4, 5]
    const line = theilSen(
      xs,
      xs.map((x) => 2.5 * x - 7),
    )
    expect(line!.slope).toBeCloseTo(2.5, 12)
    expect(line!.intercept).toBeCloseTo(-7, 12)
  })

  it('is not moved by a quarter of the points being wild, where least squares would be', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i)
    const ys = xs.map((x) => x + 50)
    for (const i of [3, 8, 12, 17, 19]) ys[i] = 5_000 // 25% outliers
    const line = theilSen(xs, ys)!
    expect(line.slope).toBeCloseTo(1, 6)
    expect(line.intercept).toBeCloseTo(50, 6)
    // The least-squares slope of the same points, for contrast.
    const mx = xs.reduce((a, b) => a + b) / xs.length
    const my = ys.reduce((a, b) => a + b) / ys.length
    const ls =
      xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0)
    expect(Math.abs(ls - 1)).toBeGreaterThan(50)
  })

  it('skips pairs with equal x and gives null when no pair differs', () => {
    expect(theilSen([1, 1, 1], [1, 2, 3])).toBeNull()
    expect(theilSen([], [])).toBeNull()
    expect(theilSen([0, 0, 1, 1], [0, 10, 1, 11])!.slope).toBe(1)
  })
})
