// Daily (retention.prune_schedule, 04:30 Budapest by default): forget what retention no longer
// keeps, then give the space back to the file system.
//
// Work is bounded: each table is deleted in batches of BATCH rows, at most MAX_BATCHES per table and
// run; `more: true` in the summary says the next run continues (the next day, or a manual call).
// Each batch is its own short write, so report ingest interleaves with a large first prune.
import type { Env } from '../lib/core/env.js'
import { KEY_TTL_MS } from '../lib/api/idempotency.js'
import { errorFields } from '../lib/core/log.js'
import {
  customerRefs,
  deleteExpiredSessions,
  deleteExpiredKeys,
  deleteOldAcks,
  deleteOldAuditLog,
  deleteOldDecisions,
  deleteOldEvents,
  deleteOldJobRuns,
  deleteOldSamples,
  deleteOldNotificationLog,
  deleteOldSkippedNotifications,
  deleteOldReports,
  reclaimSpace,
} from '../lib/store/retention.js'
import { deleteExpiredSignInSteps } from '../lib/store/second-factor.js'
import { pruneThrottle } from '../lib/store/throttle.js'
import { deleteOldWindows } from '../lib/store/maintenance-windows.js'
import { deleteOldStateChanges } from '../lib/store/state-changes.js'
import { deleteOldHourly, foldSamples } from '../lib/store/samples-hourly.js'
import { RAW_SAMPLE_DAYS } from '../lib/reports/history.js'

const DAY = 86_400_000
/**
 * Rows per delete (one short write transaction: ~20 ms for 1,000 full reports on this hardware) and
 * batches per table and run: 200,000 rows, twice what 1,000 homes add in a day (96,000 reports),
 * so retention keeps up; the loop yields between batches (cooperative()).
 */
const BATCH = 1_000
const MAX_BATCHES = 200
/** The run ledger is for operations, not history: two weeks is plenty. */
const JOB_RUNS_DAYS = 14
/**
 * Decisions to send nothing (an info event the operator is not mailed about, a customer without
 * preferences: two rows for most events) are kept a week; sent and failed ones max_days. At 1,000
 * homes the skipped rows were a quarter of hub.db (README, "Storage").
 */
const SKIPPED_NOTIFICATIONS_DAYS = 7
/** Throttle counters whose window began this long ago (and that are not locked) are over. */
const THROTTLE_MAX_WINDOW_MS = DAY
/** The longest uptime period shown (lib/oncall/uptime.ts). */
const UPTIME_DAYS = 90

export type PruneSummary = {
  ok: true
  deleted: {
    reports: number
    samples: number
    samples_hourly: number
    events: number
    notification_log: number
    job_runs: number
    sessions: number
    throttle: number
    idempotency_keys: number
    audit_log: number
    /** Pending logins and TOTP enrolments whose few minutes are up. */
    sign_in_steps: number
    state_changes: number
    notification_decisions: number
    maintenance_windows: number
    acknowledgements: number
  }
  /** Raw samples older than RAW_SAMPLE_DAYS folded into hourly rows. */
  downsampled: number
  more: boolean
  freed_pages: number
  wal_checkpointed: boolean
}

/**
 * Gives the event loop back every SLICE_MS of work. The embedded driver runs each statement
 * synchronously and answers with a settled promise, so a loop of awaited statements never lets a
 * timer or a socket in: at 1,000 homes the prune's few thousand short statements held every request
 * for ~3 s. Wall-clock time for scheduling only; the prune's own times come from env.clock.
 */
const SLICE_MS = 20
function cooperative(sliceMs: number) {
  let since = performance.now()
  return async function yieldIfDue() {
    if (performance.now() - since < sliceMs) return
    await new Promise((resolve) => setTimeout(resolve, 0))
    since = performance.now()
  }
}

/** Runs `step` until it deletes less than a batch or the bound is hit; `more` when rows may remain. */
async function drain(
  step: (limit: number) => Promise<number>,
  bound: PruneBounds,
  yieldIfDue: () => Promise<void>,
) {
  let count = 0
  for (let i = 0; i < bound.maxBatches; i++) {
    const n = await step(bound.batch)
    count += n
    await yieldIfDue()
    if (n < bound.batch) return { count, more: false }
  }
  return { count, more: true }
}

export interface PruneBounds {
  batch: number
  maxBatches: number
  /** Work between two yields to the event loop, in ms (0: after every batch). */
  sliceMs?: number
}

const DEFAULT_BOUNDS: PruneBounds = { batch: BATCH, maxBatches: MAX_BATCHES, sliceMs: SLICE_MS }

export async function prune(env: Env, bounds: PruneBounds = DEFAULT_BOUNDS): Promise<PruneSummary> {
  const now = env.clock.now().getTime()
  const { max_days, full_reports_days } = env.config.retention
  const keepFrom = now - max_days * DAY
  let more = false
  const yieldIfDue = cooperative(bounds.sliceMs ?? SLICE_MS)
  const tally = async (step: (limit: number) => Promise<number>) => {
    const r = await drain(step, bounds, yieldIfDue)
    more ||= r.more
    return r.count
  }

  // 1. Full report JSON: short retention; each customer's latest report always stays.
  const reports = await tally((n) => deleteOldReports(env.db, now - full_reports_days * DAY, n))
  // 2. Samples per customer, along the primary key (no scan of other customers' rows): what
  //    retention no longer keeps goes, then the raw samples past the raw week are folded into
  //    hourly rows (whole hours, so the fold point is an hour boundary).
  let samples = 0
  let samplesHourly = 0
  let downsampled = 0
  const keepFromSec = Math.floor(keepFrom / 1000)
  const rawFrom = Math.floor((now - RAW_SAMPLE_DAYS * DAY) / 1000)
  const foldBefore = rawFrom - (rawFrom % 3600)
  for (const ref of await customerRefs(env.db)) {
    samples += await tally((n) => deleteOldSamples(env.db, ref, keepFromSec, n))
    downsampled += await tally((n) => foldSamples(env.db, ref, foldBefore, n))
    samplesHourly += await tally((n) => deleteOldHourly(env.db, ref, keepFromSec, n))
  }
  // 3. Everything else with a timestamp.
  const events = await tally((n) => deleteOldEvents(env.db, keepFrom, n))
  const skippedFrom = now - Math.min(max_days, SKIPPED_NOTIFICATIONS_DAYS) * DAY
  const notificationLog =
    (await tally((n) => deleteOldNotificationLog(env.db, keepFrom, n))) +
    (await tally((n) => deleteOldSkippedNotifications(env.db, skippedFrom, n)))
  const jobRunsFrom = now - Math.min(max_days, JOB_RUNS_DAYS) * DAY
  const jobRuns = await tally((n) => deleteOldJobRuns(env.db, jobRunsFrom, n))
  const sessions = await deleteExpiredSessions(env.db, now)
  const throttle = await pruneThrottle(env.db, now, THROTTLE_MAX_WINDOW_MS)
  const idempotencyKeys = await tally((n) => deleteExpiredKeys(env.db, now - KEY_TTL_MS, n))
  const auditLog = await tally((n) => deleteOldAuditLog(env.db, keepFrom, n))
  const signInSteps = await deleteExpiredSignInSteps(env.db, now)
  // On call: state changes as long as the 90-day uptime needs them (each node's state at the start
  // of the kept history stays), the rest as long as everything else.
  const stateFrom = now - Math.max(max_days, UPTIME_DAYS) * DAY
  const stateChanges = await tally((n) => deleteOldStateChanges(env.db, stateFrom, n))
  const decisions = await tally((n) => deleteOldDecisions(env.db, keepFrom, n))
  const windows = await tally((n) => deleteOldWindows(env.db, keepFrom, n))
  const acks = await tally((n) => deleteOldAcks(env.db, keepFrom, n))

  // 4. Give the space back. A libSQL server may refuse these pragmas; the deletes still count.
  let space = { freedPages: 0, walCheckpointed: false }
  try {
    space = await reclaimSpace(env.db)
  } catch (err) {
    env.log.warn('prune: could not reclaim space', errorFields(err))
  }
  return {
    ok: true,
    deleted: {
      reports,
      samples,
      samples_hourly: samplesHourly,
      events,
      notification_log: notificationLog,
      job_runs: jobRuns,
      sessions,
      throttle,
      idempotency_keys: idempotencyKeys,
      audit_log: auditLog,
      sign_in_steps: signInSteps,
      state_changes: stateChanges,
      notification_decisions: decisions,
      maintenance_windows: windows,
      acknowledgements: acks,
    },
    downsampled,
    more,
    freed_pages: space.freedPages,
    wal_checkpointed: space.walCheckpointed,
  }
}
