// The maintenance predicate rollouts are wired to: a node in a maintenance window (its own or the
// fleet's) is left out of a rollout, for as long as the window lasts.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { fleetEligibility } from '../../../lib/rollouts/eligibility.js'
import { rolloutMaintenance } from '../../../lib/rollouts/maintenance.js'
import { listCustomers } from '../../../lib/store/customers.js'
import { insertWindow } from '../../../lib/store/maintenance-windows.js'
import { testEnv } from '../../support/env.js'
import { nodeId, seedFleet } from '../../support/rollout-seed.js'

const H = 3_600_000

describe('rolloutMaintenance', () => {
  it("leaves out a node in its own or the fleet's maintenance window, and takes it once the window ends", async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
    await seedFleet(env, { size: 3 })
    const now = env.clock.now().getTime()
    const own = {
      customerId: nodeId(2),
      startsAt: now,
      endsAt: now + H,
      reason: 'disk swap',
      createdBy: 'dashboard',
    }
    await insertWindow(env.db, own, now)
    const eligible = async () =>
      (await fleetEligibility(env, await listCustomers(env.db), '1.9.0', rolloutMaintenance)).eligible.map(
        (c) => c.customerId,
      )
    expect(await eligible()).toEqual([nodeId(1), nodeId(3)])
    const fleet = {
      customerId: null,
      startsAt: now,
      endsAt: now + H / 2,
      reason: 'ISP outage',
      createdBy: 'dashboard',
    }
    await insertWindow(env.db, fleet, now)
    expect(await eligible()).toEqual([])
    env.clock.advance(H)
    expect(await eligible()).toEqual([nodeId(1), nodeId(2), nodeId(3)])
  })
})
