// What the shared fleet and customer pages show of fleet operations (drift, queued actions),
// loaded in one call each so those handlers stay as they were but for one line.
import type { Env } from '../../lib/core/env.js'
import { latestKnownVersion } from '../../lib/controller/registry.js'
import { driftingCustomers, getDrift } from '../../lib/store/config-drift.js'
import { actionsFor, type QueuedActionKind } from '../../lib/store/queued-actions.js'
import type { CustomerOpsProps } from '../../pages/components/fleet-ops.js'
import type { DashRequest } from './context.js'

/** Differing keys per drifting customer, for the fleet page's badges. */
export async function fleetDrift(env: Env): Promise<Map<string, number>> {
  const drifting = await driftingCustomers(env.db)
  return new Map([...drifting].map(([id, d]) => [id, d.differingKeys]))
}

export async function customerOps(env: Env, req: DashRequest, customerId: string): Promise<CustomerOpsProps> {
  const offer = new URL(req.url).searchParams.get('offer')
  const [drift, queued, latest] = await Promise.all([
    getDrift(env.db, customerId),
    actionsFor(env.db, customerId),
    latestKnownVersion(env),
  ])
  return {
    customerId,
    csrf: req.dash.session.csrf,
    now: env.clock.now().getTime(),
    drift,
    offer: offer === 'push-config' || offer === 'trigger-update' ? (offer as QueuedActionKind) : null,
    latestVersion: latest?.version ?? null,
    queued,
  }
}
