// One trigger every minute drives every job: each job whose latest scheduled slot has no run yet
// is claimed (an INSERT on UNIQUE (job, slot) in runJob; the loser of a race sees no row) and run.
// Two ticks at once run a slot once; a slot missed while the hub was down is still the latest one
// at the next tick, so a missed daily run happens then. Only the latest slot runs: after a long
// outage an every-minute job runs once, not once per missed minute.
import type { Env } from '../lib/core/env.js'
import { errorFields } from '../lib/core/log.js'
import { JOB_NAMES, jobSchedules, latestSlot } from '../lib/jobs/schedule.js'
import { deliverPending } from '../lib/notify/outbox.js'
import { retryDue } from '../lib/queued-actions/run.js'
import { runJob, type JobResult, type Summary } from './index.js'

export interface TickResult {
  job: 'tick'
  ran: true
  summary: Record<string, JobResult | { ran: boolean; slot: string | null; summary?: Summary }>
}

export async function runTick(env: Env): Promise<TickResult> {
  const now = env.clock.now()
  const schedules = jobSchedules(env.config)
  const summary: TickResult['summary'] = {}
  // 1. Jobs, one after another: bounded work per tick, and one failing job does not stop the rest.
  for (const name of JOB_NAMES) {
    let slot: string | null = null
    try {
      slot = latestSlot(schedules[name], now)
      if (slot === null) {
        summary[name] = { ran: false, slot }
        continue
      }
      summary[name] = await runJob(env, name, 'tick', slot)
    } catch (err) {
      env.log.error('tick: job failed', { job: name, ...errorFields(err) })
      summary[name] = { ran: slot !== null, slot, summary: { ok: false, error: 'job failed (see log)' } }
    }
  }
  // 2. Emails left pending (a sender died, a deferred delivery never ran): every tick, not a slot.
  try {
    summary.outbox = { ran: true, slot: null, summary: { ok: true, ...(await deliverPending(env)) } }
  } catch (err) {
    env.log.error('tick: outbox failed', errorFields(err))
    summary.outbox = { ran: true, slot: null, summary: { ok: false, error: 'outbox failed (see log)' } }
  }
  // 3. Controller actions queued for unreachable nodes whose backoff is over (lib/queued-actions/).
  try {
    summary.queued_actions = { ran: true, slot: null, summary: { ok: true, ...(await retryDue(env)) } }
  } catch (err) {
    env.log.error('tick: queued actions failed', errorFields(err))
    summary.queued_actions = {
      ran: true,
      slot: null,
      summary: { ok: false, error: 'queued actions failed (see log)' },
    }
  }
  return { job: 'tick', ran: true, summary }
}
