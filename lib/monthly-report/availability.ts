// How much of a month a node was available. For now from the samples (one per report): a node
// counts as up for `alerting.stale_threshold` after each report whose health is not `fail` (the
// staleness job's own rule), and down otherwise. When the uptime table of the on-call work lands
// (status transitions), this is the one function to switch.
import { durationMs } from '../core/config.js'
import type { Env } from '../core/env.js'
import type { Customer } from '../store/customers.js'
import { firstSampleAt, samplesSince } from '../store/reports.js'

export interface Availability {
  /** 0–100 */
  percent: number
  /** Time without a sign of life (or with health fail) within the observed span. */
  downMs: number
  /** The observed span: the month, or from the node's first report when that came later. */
  from: number
  to: number
}

/** Availability over [from, to) (clipped to now); null when the node had not reported by then. */
export async function availabilityFor(
  env: Env,
  c: Customer,
  from: number,
  to: number,
): Promise<Availability | null> {
  const end = Math.min(to, env.clock.now().getTime())
  const first = await firstSampleAt(env.db, c.ref)
  if (first === null || first >= end) return null
  const start = Math.max(from, first)
  if (start >= end) return null
  const threshold = durationMs(env.config.alerting.stale_threshold)
  // Samples from one threshold before the start: the last one before it may still cover it.
  const samples = (await samplesSince(env.db, c.ref, start - threshold)).filter((s) => s.received_at < end)
  let up = 0
  for (let i = 0; i < samples.length; i++) {
    if (samples[i].health === 'fail') continue
    const a = Math.max(start, samples[i].received_at)
    const next = samples[i + 1]?.received_at ?? Infinity
    const b = Math.min(end, next, samples[i].received_at + threshold)
    if (b > a) up += b - a
  }
  const span = end - start
  return { percent: (up / span) * 100, downMs: span - up, from: start, to: end }
}
