// Which nodes a rollout may update: managed, not blocked, reporting ok or warn, not in a
// maintenance window, and on an older controller than the rollout's version. Checked when the
// waves are planned and again right before each node is asked, since a node can change in between.
import type { Env } from '../core/env.js'
import { updateAvailable, versionAtLeast } from '../controller/versions.js'
import { statusOf } from '../reports/summaries.js'
import type { Customer } from '../store/customers.js'

/**
 * Whether a customer is in a maintenance window at `now`. The windows themselves live elsewhere;
 * lib/rollouts/maintenance.ts says which predicate the hub uses.
 */
export type MaintenancePredicate = (env: Env, customerId: string, now: Date) => Promise<boolean>

export type Eligibility =
  | { ok: true }
  /** Already on the rollout's version or newer: nothing to do, the node counts as passed. */
  | { ok: false; reason: 'up_to_date'; text: string }
  | {
      ok: false
      reason: 'manual' | 'blocked' | 'not_reporting' | 'unknown_version' | 'maintenance'
      text: string
    }

export async function eligibility(
  env: Env,
  c: Customer,
  version: string,
  inMaintenance: MaintenancePredicate,
): Promise<Eligibility> {
  if (c.configType !== 'managed' || !c.hasCredentials)
    return { ok: false, reason: 'manual', text: 'a manual customer (no API key to call it with)' }
  if (c.blocked) return { ok: false, reason: 'blocked', text: 'blocked' }
  if (versionAtLeast(c.controllerVersion, version))
    return { ok: false, reason: 'up_to_date', text: `already on ${c.controllerVersion}` }
  const status = statusOf(env, c)
  if (status !== 'ok' && status !== 'warn')
    return { ok: false, reason: 'not_reporting', text: `status ${status}, not ok or warn` }
  if (!updateAvailable(c.controllerVersion, version))
    return {
      ok: false,
      reason: 'unknown_version',
      text: `its version ${c.controllerVersion ?? '(none)'} cannot be compared with ${version}`,
    }
  if (await inMaintenance(env, c.customerId, env.clock.now()))
    return { ok: false, reason: 'maintenance', text: 'in a maintenance window' }
  return { ok: true }
}

export interface FleetEligibility {
  eligible: Customer[]
  excluded: { customer: Customer; reason: Exclude<Eligibility, { ok: true }>['reason']; text: string }[]
}

/** Every customer, sorted into eligible and excluded (with the reason), by id. */
export async function fleetEligibility(
  env: Env,
  customers: Customer[],
  version: string,
  inMaintenance: MaintenancePredicate,
): Promise<FleetEligibility> {
  const out: FleetEligibility = { eligible: [], excluded: [] }
  for (const c of customers) {
    const e = await eligibility(env, c, version, inMaintenance)
    if (e.ok) out.eligible.push(c)
    else out.excluded.push({ customer: c, reason: e.reason, text: e.text })
  }
  return out
}
