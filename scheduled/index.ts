// The jobs by name, and the one way to run one: every run is recorded in job_runs (slot, trigger,
// timing, outcome, summary), whether a tick, a CronJob call or an operator fired it.
import type { Env } from '../lib/env.js'
import { randomToken } from '../lib/crypto.js'
import { errorFields } from '../lib/log.js'
import { jobSchedules, latestSlot, type JobName } from '../lib/schedule.js'
import { claimRun, finishRun } from '../lib/store/job-runs.js'
import { checkBackupDeadline } from './backup-deadline.js'
import { backupSnapshot } from './backup.js'
import { prune } from './prune.js'
import { checkRegistry } from './registry-check.js'
import { checkStaleness } from './staleness.js'
import { refreshTemplate } from './template-refresh.js'

/** What every job returns: `ok:false` when it could not do its work (it keeps the old state then). */
export type Summary = { ok: boolean } & Record<string, unknown>

export const JOBS: Record<JobName, (env: Env) => Promise<Summary>> = {
  staleness: checkStaleness,
  'backup-deadline': checkBackupDeadline,
  prune: (env) => prune(env),
  'registry-check': (env) => checkRegistry(env),
  'template-refresh': (env) => refreshTemplate(env),
  backup: backupSnapshot,
}

/** A claim older than this whose run never finished belongs to a dead process; it may be retaken. */
export const RUN_LEASE_MS = 15 * 60_000

export type Trigger = 'tick' | 'manual' | 'worker'

export interface JobResult {
  ran: boolean
  slot: string
  summary?: Summary
}

/**
 * Runs `name` for `slot`, once: returns ran:false when the slot is already claimed. Without a
 * slot (a direct call: a per-job CronJob, an operator) it always runs. It takes the job's latest
 * scheduled slot when no run holds it yet, so the every-minute tick does not run that slot a
 * second time; otherwise it runs under a unique `manual:<iso>#<nonce>` slot. A job that throws is
 * recorded as failed and the error is rethrown.
 */
export async function runJob(env: Env, name: JobName, trigger: Trigger, slot?: string): Promise<JobResult> {
  const started = env.clock.now()
  const claim = (key: string) =>
    claimRun(env.db, { job: name, slot: key, trigger }, started.getTime(), RUN_LEASE_MS)
  const scheduled = slot ?? latestSlot(jobSchedules(env.config)[name], started)
  let id = scheduled === null ? null : await claim(scheduled)
  let key = scheduled ?? ''
  if (id === null) {
    if (slot !== undefined) return { ran: false, slot }
    key = `manual:${started.toISOString()}#${randomToken(6)}`
    id = (await claim(key))!
  }
  const log = env.log.child({ job: name, slot: key, trigger })
  // Wall time for the duration metric only; the job's own business time is env.clock.
  const t0 = Date.now()
  const measure = (ok: boolean) => {
    env.metrics.inc('job_runs_total', { job: name, result: ok ? 'ok' : 'failed' })
    env.metrics.observe('job_duration_seconds', (Date.now() - t0) / 1000, { job: name })
  }
  let summary: Summary
  try {
    summary = await JOBS[name](env)
  } catch (err) {
    measure(false)
    log.error('job failed', errorFields(err))
    const failed = { ok: false, error: (err as Error).message }
    await finishRun(env.db, id, false, failed, env.clock.now().getTime()).catch(() => {})
    throw err
  }
  measure(summary.ok !== false)
  await finishRun(env.db, id, summary.ok !== false, summary, env.clock.now().getTime())
  if (summary.ok === false) log.warn('job did not succeed', { summary })
  else log.info('job finished', { summary })
  return { ran: true, slot: key, summary }
}
