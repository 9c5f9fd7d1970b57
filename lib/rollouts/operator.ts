// What the operator does with rollouts: preview and start one, resume a halted one, skip a node,
// abort. Each is a compare-and-set; a second click, or a click racing the rollouts job, changes
// nothing twice.
import type { Env } from '../core/env.js'
import { listCustomers } from '../store/customers.js'
import {
  abortRollout,
  getRollout,
  insertRollout,
  moveNode,
  nodesOf,
  resumeRollout,
  wavesOf,
} from '../store/rollouts.js'
import { fleetEligibility, type FleetEligibility, type MaintenancePredicate } from './eligibility.js'
import { planFingerprint, planWaves, type PlannedWave, type RolloutSettings } from './plan.js'

export interface RolloutPreview {
  fleet: FleetEligibility
  waves: PlannedWave[]
  fingerprint: string
  /** Why the plan cannot start, in words for the form; null when it can. */
  problem: string | null
}

export async function previewRollout(
  env: Env,
  s: RolloutSettings,
  inMaintenance: MaintenancePredicate,
): Promise<RolloutPreview> {
  return planFrom(await fleetEligibility(env, await listCustomers(env.db), s.version, inMaintenance), s)
}

/** The plan over a fleet already sorted into eligible and excluded for `s.version`. */
export function planFrom(fleet: FleetEligibility, s: RolloutSettings): RolloutPreview {
  const waves = planWaves(fleet.eligible, s.canary, s.percents, s.version)
  let problem: string | null = null
  if (fleet.eligible.length === 0) problem = `No customer is eligible for ${s.version}.`
  else if (waves.length === 0) {
    const why = fleet.excluded.find((x) => x.customer.customerId === s.canary)?.text ?? 'not a customer'
    problem = `${s.canary} cannot be the canary: ${why}.`
  }
  return { fleet, waves, fingerprint: planFingerprint(s, waves), problem }
}

export type StartResult = { ok: true; id: number } | { ok: false; error: string }

/** Starts the rollout the preview showed; refuses when the plan changed since (`fingerprint`). */
export async function startRollout(
  env: Env,
  s: RolloutSettings,
  fingerprint: string,
  inMaintenance: MaintenancePredicate,
): Promise<StartResult> {
  const p = await previewRollout(env, s, inMaintenance)
  if (p.problem) return { ok: false, error: p.problem }
  if (p.fingerprint !== fingerprint)
    return { ok: false, error: 'The fleet changed since the preview: check the waves again, then start.' }
  const id = await insertRollout(
    env.db,
    {
      version: s.version,
      canary: s.canary,
      percents: s.percents,
      deadlineMs: s.deadlineMs,
      soakMs: s.soakMs,
      waves: p.waves.map((w) => ({
        label: w.label,
        nodes: w.nodes.map((c) => ({ customerId: c.customerId, fromVersion: c.controllerVersion })),
      })),
    },
    env.clock.now().getTime(),
  )
  if (id === null)
    return { ok: false, error: 'Another rollout is running or halted: finish or abort it first.' }
  return { ok: true, id }
}

export type ActionResult = { ok: true; text: string } | { ok: false; text: string }

/**
 * Halted → running. The current wave's failed nodes go on: one whose request was certainly not
 * accepted (refused, never sent) is asked again; one that may have received it gets a fresh
 * deadline and is waited for, never sent again (lib/rollouts/trigger.ts).
 */
export async function resume(env: Env, id: number): Promise<ActionResult> {
  const now = env.clock.now().getTime()
  const r = await getRollout(env.db, id)
  if (!r || !(await resumeRollout(env.db, id, now)))
    return { ok: false, text: `Rollout #${id} is not halted: nothing to resume.` }
  const wave = (await wavesOf(env.db, id)).find((w) => w.state !== 'passed')
  let again = 0
  let waited = 0
  for (const n of wave ? await nodesOf(env.db, id, wave.wave) : []) {
    if (n.state !== 'failed') continue
    const key = { rolloutId: id, customerId: n.customerId, from: ['failed' as const] }
    if (n.sentAt === null) {
      const note = 'Resumed: it will be asked again.'
      if (
        await moveNode(env.db, { ...key, to: 'waiting', set: { note } }, now, {
          kind: 'reset',
          message: note,
        })
      )
        again++
    } else {
      const note = 'Resumed: waiting for its report again (not sent again).'
      const set = { deadline_at: now + r.deadlineMs, failed_at: null, note }
      if (await moveNode(env.db, { ...key, to: 'sent', set }, now, { kind: 'reset', message: note })) waited++
    }
  }
  const parts = [again ? `${again} asked again` : '', waited ? `${waited} waited for again` : ''].filter(
    Boolean,
  )
  return {
    ok: true,
    text: `Rollout #${id} resumed${parts.length ? ` (${parts.join(', ')})` : ''}; it goes on within a minute.`,
  }
}

export async function skipNode(env: Env, id: number, customerId: string): Promise<ActionResult> {
  const now = env.clock.now().getTime()
  const r = await getRollout(env.db, id)
  if (!r || (r.state !== 'running' && r.state !== 'halted'))
    return { ok: false, text: `Rollout #${id} is over: nothing to skip.` }
  const note = 'Skipped by the operator.'
  const landed = await moveNode(
    env.db,
    {
      rolloutId: id,
      customerId,
      from: ['waiting', 'triggering', 'sent', 'failed'],
      to: 'skipped',
      set: { skipped_at: now, note },
    },
    now,
    { kind: 'skipped', message: note },
  )
  if (!landed) return { ok: false, text: `${customerId} has nothing left to skip in rollout #${id}.` }
  const then = r.state === 'halted' ? ' The rollout is still halted: resume it to go on.' : ''
  return { ok: true, text: `${customerId} is skipped in rollout #${id}.${then}` }
}

export async function abort(env: Env, id: number): Promise<ActionResult> {
  if (!(await abortRollout(env.db, id, env.clock.now().getTime())))
    return { ok: false, text: `Rollout #${id} is already over.` }
  return {
    ok: true,
    text: `Rollout #${id} aborted: no further node is asked. Nodes already asked may still finish updating.`,
  }
}
