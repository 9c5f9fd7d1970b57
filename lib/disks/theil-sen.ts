// The Theil–Sen estimator: the line whose slope is the median of the slopes between every pair of
// points, and whose intercept is the median of y − slope·x. Up to about 29% of the points can be
// arbitrarily wrong without moving it much, where least squares follows a single outlier.
// O(n²) pairs: callers keep n in the low hundreds (research.md §6; no well-kept package fits).

export interface Line {
  slope: number
  intercept: number
}

/** The median of `values` (sorted in a copy); NaN for none. */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort()
  const n = sorted.length
  if (n === 0) return NaN
  const k = n >> 1
  return n % 2 ? sorted[k] : (sorted[k - 1] + sorted[k]) / 2
}

/** The Theil–Sen line through (xs[i], ys[i]); null when no two points differ in x. */
export function theilSen(xs: ArrayLike<number>, ys: ArrayLike<number>): Line | null {
  const n = Math.min(xs.length, ys.length)
  const slopes = new Float64Array((n * (n - 1)) / 2)
  let count = 0
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j] - xs[i]
      if (dx !== 0) slopes[count++] = (ys[j] - ys[i]) / dx
    }
  }
  if (count === 0) return null
  const slope = median(slopes.subarray(0, count))
  const residuals = new Float64Array(n)
  for (let i = 0; i < n; i++) residuals[i] = ys[i] - slope * xs[i]
  return { slope, intercept: median(residuals) }
}
