// The jobs by name, and the one way to run one: every run is recorded in job_runs (slot, trigger,
// timing, outcome, summary), whether a tick, a CronJob call or an operator fired it.
import type { Env } from '../lib/core/env.js'
import { randomToken } from '../lib/core/crypto.js'
import { errorFields } from '../lib/core/log.js'
import { jobSchedules, latestSlot, type JobName } from '../lib/jobs/schedule.js'
import { claimRun, finishRun, slotRun } from '../lib/store/job-runs.js'
import { checkBackupDeadline } from './backup-deadline.js'
import { backupSnapshot } from './backup.js'
import { checkDriftFleet } from './drift-check.js'
import { runHouseholdChecks } from './household-checks.js'
import { sendMonthlyReports } from './monthly-report.js'
import { prune } from './prune.js'
import { checkRegistry } from './registry-check.js'
import { runRollouts } from './rollouts.js'
import { checkStaleness } from './staleness.js'
import { refreshTemplate } from './template-refresh.js'
import { checkVolume } from './volume-watch.js'

/** What every job returns: `ok:false` when it could not do its work (it keeps the old state then). */
export type Summary = { ok: boolean } & Record<string, unknown>

export const JOBS: Record<JobName, (env: Env) => Promise<Summary>> = {
  staleness: checkStaleness,
  'backup-deadline': checkBackupDeadline,
  prune: (env) => prune(env),
  'registry-check': (env) => checkRegistry(env),
  'template-refresh': (env) => refreshTemplate(env),
  backup: backupSnapshot,
  rollouts: runRollouts,
  'drift-check': (env) => checkDriftFleet(env),
  'household-checks': runHouseholdChecks,
  'monthly-report': sendMonthlyReports,
  'volume-watch': checkVolume,
}

/** A claim older than this whose run never finished belongs to a dead process; it may be retaken. */
export const RUN_LEASE_MS = 15 * 60_000

/** `direct`: a call for the job's due slot (a per-job CronJob); `manual`: a forced run, its own slot. */
export type Trigger = 'tick' | 'direct' | 'manual' | 'worker'

export interface JobResult {
  ran: boolean
  slot: string
  summary?: Summary
}

/**
 * Runs `name` for `slot` at most once: returns ran:false when another run holds the slot (see
 * claimRun for a holder that died). Without a slot (a forced run) it always runs, under a unique
 * `manual:<iso>#<nonce>` slot that no schedule ever claims. A job that throws is recorded as
 * failed and the error is rethrown.
 */
export async function runJob(env: Env, name: JobName, trigger: Trigger, slot?: string): Promise<JobResult> {
  const started = env.clock.now()
  const key = slot ?? `manual:${started.toISOString()}#${randomToken(6)}`
  const id = await claimRun(env.db, { job: name, slot: key, trigger }, started.getTime(), RUN_LEASE_MS)
  if (id === null) return { ran: false, slot: key }
  const log = env.log.child({ job: name, slot: key, trigger })
  // Wall time for the duration metric only; the job's own business time is env.clock.
  const t0 = Date.now()
  const measure = (ok: boolean) => {
    env.metrics.inc('job_runs_total', { job_name: name, result: ok ? 'ok' : 'failed' })
    env.metrics.observe('job_duration_seconds', (Date.now() - t0) / 1000, { job_name: name })
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

export type DirectResult = { ran: true; summary: Summary } | { ran: false; reason: string }

/**
 * A direct call (POST /internal/cron/{job}, docs/api.md §4): runs the job's due slot unless a tick or
 * another call already ran it or is running it; `force` runs it anyway, as a manual run.
 */
export async function runDirect(env: Env, name: JobName, opts: { force: boolean }): Promise<DirectResult> {
  if (opts.force) return { ran: true, summary: (await runJob(env, name, 'manual')).summary! }
  const slot = latestSlot(jobSchedules(env.config)[name], env.clock.now())
  if (slot === null) return { ran: false, reason: 'no slot is due yet' }
  const result = await runJob(env, name, 'direct', slot)
  if (result.ran) return { ran: true, summary: result.summary! }
  const holder = await slotRun(env.db, name, slot)
  const state =
    holder?.finishedAt === null
      ? 'is running'
      : holder?.ok === false
        ? 'already ran and failed'
        : 'already ran'
  return { ran: false, reason: `slot ${slot} ${state}` }
}
