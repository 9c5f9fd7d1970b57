// The rollouts job's work (scheduled/rollouts.ts, every minute): moves the active rollout on from
// wherever the database says it stands. Nothing lives in memory between runs, so a restart or a
// crash resumes exactly there, and two runs at once (a tick and a CronJob, two replicas) cannot
// double anything: every move is a compare-and-set (lib/store/rollouts.ts), every update request
// is claimed before it is sent (trigger.ts, which also lists the crash windows).
//
// One wave at a time, in order:
// 1. waiting → running: the wave starts once the wave before it passed (its soak included).
// 2. running: each waiting node is checked again (eligibility can change between plan and wave)
//    and asked to update; each asked node passes when a report after the request carries the new
//    version (or newer) with health ok or warn, and fails on health fail, on going down, or when
//    its deadline passes first. The first failure halts the rollout.
// 3. running → soaking when every node passed or was skipped; a node that goes down or reports
//    health fail during the soak halts it too. soaking → passed when the soak time is over.
// After the last wave the rollout is completed. A halt and a completion are hub events
// (rollout_halted, rollout_completed), recorded through `pending_event` so a crash between the
// move and the event cannot lose it.
import { iso } from '../core/clock.js'
import type { Env } from '../core/env.js'
import { mapLimit } from '../core/pool.js'
import { versionAtLeast } from '../controller/versions.js'
import { statusOf } from '../reports/summaries.js'
import { listCustomers, type Customer } from '../store/customers.js'
import {
  activeRollout,
  completeRollout,
  getRollout,
  haltRollout,
  moveNode,
  moveWave,
  nodesOf,
  wavesOf,
  type Rollout,
  type RolloutNode,
  type RolloutState,
  type RolloutWave,
} from '../store/rollouts.js'
import { eligibility, type MaintenancePredicate } from './eligibility.js'
import { recordPendingEvents } from './events.js'
import { STALE_CLAIM_MS, triggerNode } from './trigger.js'

export interface AdvanceOptions {
  inMaintenance: MaintenancePredicate
  /** Most update requests one run sends, so a run stays short; the next run goes on. */
  maxTriggers?: number
  /** Update requests in flight at once. */
  concurrency?: number
}

export type AdvanceSummary = {
  ok: true
  rollout: number | null
  state?: RolloutState
  wave?: string
  triggered: number
  passed: number
  failed: number
  skipped: number
  events: number
  halted?: string
}

const DEFAULT_MAX_TRIGGERS = 200
const DEFAULT_CONCURRENCY = 8
/**
 * Wall time after which a run asks no further node, so one run (and the tick it holds up) stays
 * within the CronJob's 50 s even when every controller takes its full 10 s: the rest go next minute.
 */
const ASK_WINDOW_MS = 30_000
/** Enough for every wave to start, soak with 0 s and pass in one run, with room to spare. */
const MAX_STEPS = 64

type Customers = Map<string, Customer>

interface Run {
  env: Env
  /** Wall clock at the run's start (Date.now, not env.clock: this bounds real work, not business time). */
  startedWall: number
  r: Rollout
  opts: AdvanceOptions
  customers: Customers
  s: AdvanceSummary
}

export async function advanceRollouts(env: Env, opts: AdvanceOptions): Promise<AdvanceSummary> {
  const s: AdvanceSummary = {
    ok: true,
    rollout: null,
    triggered: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    events: 0,
  }
  // Events a crash left unrecorded come first; this run's own ones are recorded at the end.
  s.events += await recordPendingEvents(env)
  const r = await activeRollout(env.db)
  if (r) {
    s.rollout = r.id
    const customers = new Map((await listCustomers(env.db)).map((c) => [c.customerId, c]))
    const run: Run = { env, startedWall: Date.now(), r, opts, customers, s }
    if (r.state === 'running') await advance(run)
    else await watchHalted(run)
    s.events += await recordPendingEvents(env)
    s.state = (await getRollout(env.db, r.id))?.state
  }
  return s
}

async function advance(run: Run): Promise<void> {
  const { env, r } = run
  let budget = run.opts.maxTriggers ?? DEFAULT_MAX_TRIGGERS
  for (let step = 0; step < MAX_STEPS; step++) {
    const latest = await getRollout(env.db, r.id)
    if (latest?.state !== 'running') return // halted or aborted meanwhile
    const now = env.clock.now().getTime()
    const wave = (await wavesOf(env.db, r.id)).find((w) => w.state !== 'passed')
    if (!wave) return complete(run, now)
    run.s.wave = wave.label

    // 1. Start the wave.
    if (wave.state === 'waiting') {
      await moveWave(env.db, r.id, wave.wave, ['waiting'], 'running', { started_at: now }, now, {
        kind: 'wave_started',
        message: `Wave ${wave.label} started.`,
      })
      continue
    }
    const nodes = await nodesOf(env.db, r.id, wave.wave)

    // 2. Watch the asked nodes, then ask the waiting ones.
    if (wave.state === 'running') {
      const failure = await watchInFlight(run, nodes)
      if (failure) return halt(run, wave, failure)
      const judged = await nodesOf(env.db, r.id, wave.wave) // as the verdicts left them
      const waiting = judged.filter((n) => n.state === 'waiting')
      if (waiting.length > 0) {
        if (budget <= 0) return
        const batch = waiting.slice(0, budget)
        budget -= batch.length
        const refused = await askNodes(run, wave, batch)
        if (refused) return halt(run, wave, refused)
        if (Date.now() - run.startedWall > ASK_WINDOW_MS) return
        continue
      }
      if (judged.some((n) => n.state !== 'passed' && n.state !== 'skipped')) return // waiting for reports
      await moveWave(env.db, r.id, wave.wave, ['running'], 'soaking', { soak_from: now }, now, {
        kind: 'wave_passed',
        message: `Every node of wave ${wave.label} passed or was skipped; soaking for ${minutes(r.soakMs)}.`,
      })
      continue
    }

    // 3. Soak.
    const failure = await watchSoak(run, wave, nodes)
    if (failure) return halt(run, wave, failure)
    if (now < (wave.soakFrom ?? now) + r.soakMs) return
    await moveWave(env.db, r.id, wave.wave, ['soaking'], 'passed', { passed_at: now }, now, {
      kind: 'soak_passed',
      message: `Wave ${wave.label} soaked ${minutes(r.soakMs)} without a problem.`,
    })
  }
}

/** A halted rollout asks nobody, but what its asked nodes report is still recorded. */
async function watchHalted(run: Run): Promise<void> {
  const wave = (await wavesOf(run.env.db, run.r.id)).find((w) => w.state !== 'passed')
  if (wave?.state === 'running') await watchInFlight(run, await nodesOf(run.env.db, run.r.id, wave.wave))
}

type Verdict = { pass: string } | { fail: string } | null

/** Passes or fails each asked node by its latest report; returns the first failure. */
async function watchInFlight(run: Run, nodes: RolloutNode[]): Promise<string | null> {
  const { env, r } = run
  let failure: string | null = null
  for (const n of nodes) {
    if (n.state !== 'triggering' && n.state !== 'sent') continue
    const now = env.clock.now().getTime()
    const key = { rolloutId: r.id, customerId: n.customerId }
    if (n.state === 'triggering' && now - (n.claimedAt ?? now) > STALE_CLAIM_MS) {
      const note = 'The hub stopped during the call: counted as sent, never sent again automatically.'
      await moveNode(env.db, { ...key, from: ['triggering'], to: 'sent', set: { sent_at: now, note } }, now, {
        kind: 'ambiguous',
        message: note,
      })
    }
    const c = run.customers.get(n.customerId)
    const verdict: Verdict = c
      ? judge(env, r, n, c, now)
      : { fail: 'The customer no longer exists on this hub.' }
    if (!verdict) continue
    if ('pass' in verdict) {
      const landed = await moveNode(
        env.db,
        { ...key, from: ['triggering', 'sent'], to: 'passed', set: { passed_at: now, note: verdict.pass } },
        now,
        { kind: 'passed', message: verdict.pass },
      )
      if (landed) run.s.passed++
    } else {
      const landed = await moveNode(
        env.db,
        { ...key, from: ['triggering', 'sent'], to: 'failed', set: { failed_at: now, note: verdict.fail } },
        now,
        { kind: 'failed', message: verdict.fail },
      )
      if (landed) {
        run.s.failed++
        failure ??= `${n.customerId}: ${verdict.fail}`
      }
    }
  }
  return failure
}

/** An asked node's verdict from the headline of its latest report, or null to keep waiting. */
function judge(env: Env, r: Rollout, n: RolloutNode, c: Customer, now: number): Verdict {
  const since = n.claimedAt ?? 0
  const reported = c.lastReportAt !== null && c.lastReportAt >= since
  const seen = `${c.controllerVersion ?? '?'}, health ${c.health ?? '?'}`
  if (reported && c.health === 'fail') return { fail: `Reported health fail (${seen}).` }
  if (
    reported &&
    versionAtLeast(c.controllerVersion, r.version) &&
    (c.health === 'ok' || c.health === 'warn')
  )
    return { pass: `Reported ${seen}.` }
  if (statusOf(env, c) === 'down') return { fail: `Down: ${lastReport(c)}.` }
  if (n.deadlineAt !== null && now > n.deadlineAt)
    return { fail: `Not back on ${r.version} within ${minutes(r.deadlineMs)}: ${lastReport(c)}.` }
  return null
}

const lastReport = (c: Customer) =>
  c.lastReportAt === null
    ? 'no report yet'
    : `last report ${iso(c.lastReportAt)} with ${c.controllerVersion ?? '?'}, health ${c.health ?? '?'}`

/**
 * Asks the waiting nodes of a wave, a few at a time. Each is checked again first: one already on
 * the version passes, one no longer eligible is skipped (the canary halts the rollout instead:
 * without it the canary wave would prove nothing). Returns the first refusal.
 */
async function askNodes(run: Run, wave: RolloutWave, nodes: RolloutNode[]): Promise<string | null> {
  const { env, r } = run
  const outcomes = await mapLimit(nodes, run.opts.concurrency ?? DEFAULT_CONCURRENCY, async (n) => {
    if (Date.now() - run.startedWall > ASK_WINDOW_MS) return null // left waiting for the next run
    const key = { rolloutId: r.id, customerId: n.customerId, from: ['waiting' as const] }
    const now = env.clock.now().getTime()
    const c = run.customers.get(n.customerId)
    const e = c
      ? await eligibility(env, c, r.version, run.opts.inMaintenance)
      : ({ ok: false, reason: 'manual', text: 'no longer on this hub' } as const)
    if (c && e.ok) {
      const outcome = await triggerNode(env, r, n, c)
      if (outcome.kind === 'sent') run.s.triggered++
      if (outcome.kind === 'failed') run.s.failed++
      return outcome.kind === 'failed' ? outcome.reason : null
    }
    if (!e.ok && e.reason === 'up_to_date') {
      const note = `Already on ${c?.controllerVersion}: nothing to send.`
      const landed = await moveNode(env.db, { ...key, to: 'passed', set: { passed_at: now, note } }, now, {
        kind: 'passed',
        message: note,
      })
      if (landed) run.s.passed++
      return null
    }
    const why = e.ok ? '' : e.text
    if (wave.wave === 0) {
      const note = `The canary is no longer eligible: ${why}. Skip it to go on without a canary, or abort.`
      const landed = await moveNode(env.db, { ...key, to: 'failed', set: { failed_at: now, note } }, now, {
        kind: 'failed',
        message: note,
      })
      if (landed) run.s.failed++
      return landed ? `${n.customerId}: ${note}` : null
    }
    const note = `Skipped: no longer eligible when its wave came (${why}).`
    const landed = await moveNode(env.db, { ...key, to: 'skipped', set: { skipped_at: now, note } }, now, {
      kind: 'skipped',
      message: note,
    })
    if (landed) run.s.skipped++
    return null
  })
  return outcomes.find((o) => o !== null) ?? null
}

/** A node of the soaking wave that went down or reports health fail fails it, and the wave runs again. */
async function watchSoak(run: Run, wave: RolloutWave, nodes: RolloutNode[]): Promise<string | null> {
  const { env, r } = run
  for (const n of nodes) {
    const c = run.customers.get(n.customerId)
    if (n.state !== 'passed' || !c || statusOf(env, c) !== 'down') continue
    const now = env.clock.now().getTime()
    const note = `Failed during the soak: ${c.health === 'fail' ? 'reported health fail' : 'down'} (${lastReport(c)}).`
    const landed = await moveNode(
      env.db,
      {
        rolloutId: r.id,
        customerId: n.customerId,
        from: ['passed'],
        to: 'failed',
        set: { failed_at: now, note },
      },
      now,
      { kind: 'failed', message: note },
    )
    if (!landed) continue
    run.s.failed++
    await moveWave(env.db, r.id, wave.wave, ['soaking'], 'running', { soak_from: null }, now, {
      kind: 'soak_failed',
      message: `Wave ${wave.label}'s soak stopped: ${n.customerId} failed.`,
    })
    return `${n.customerId}: ${note}`
  }
  return null
}

async function halt(run: Run, wave: RolloutWave, reason: string): Promise<void> {
  const now = run.env.clock.now().getTime()
  const text = `Wave ${wave.label}: ${reason}`
  if (await haltRollout(run.env.db, run.r.id, text, now)) run.s.halted = text
}

async function complete(run: Run, now: number): Promise<void> {
  const nodes = await nodesOf(run.env.db, run.r.id)
  const passed = nodes.filter((n) => n.state === 'passed').length
  const skipped = nodes.filter((n) => n.state === 'skipped').length
  await completeRollout(run.env.db, run.r.id, now, {
    kind: 'completed',
    message: `Completed: ${passed} nodes on ${run.r.version}, ${skipped} skipped.`,
  })
}

export function minutes(ms: number): string {
  if (ms % 60_000 !== 0) return `${Math.round(ms / 1000)} s`
  const m = ms / 60_000
  return m >= 60 && m % 60 === 0 ? `${m / 60} h` : `${m} min`
}
