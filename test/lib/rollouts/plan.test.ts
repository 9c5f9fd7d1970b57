// Planning a rollout: the form's settings, who is eligible (maintenance through the predicate the
// hub wires in), and the waves they give.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { eligibility, fleetEligibility } from '../../../lib/rollouts/eligibility.js'
import { neverInMaintenance } from '../../../lib/rollouts/maintenance.js'
import { formValues, parseSettings, planFingerprint, planWaves } from '../../../lib/rollouts/plan.js'
import { getCustomer, listCustomers, type Customer } from '../../../lib/store/customers.js'
import { testEnv } from '../../support/env.js'
import { nodeId, seedFleet, settings } from '../../support/rollout-seed.js'

const fake = (id: string): Customer => ({ customerId: id }) as Customer
const ids = (n: number) => Array.from({ length: n }, (_, i) => fake(nodeId(i + 1)))

describe('planWaves', () => {
  it('puts the canary alone first, then cumulative shares rounded up, leaving out empty waves', () => {
    const sizes = (n: number, percents: number[]) =>
      planWaves(ids(n), nodeId(1), percents, '1.9.0').map((w) => [w.label, w.nodes.length])
    expect(sizes(20, [10, 50, 100])).toEqual([
      ['canary', 1],
      ['10%', 1],
      ['50%', 8],
      ['100%', 10],
    ])
    expect(sizes(1000, [10, 50, 100])).toEqual([
      ['canary', 1],
      ['10%', 99],
      ['50%', 400],
      ['100%', 500],
    ])
    expect(sizes(3, [10, 50, 100])).toEqual([
      ['canary', 1],
      ['50%', 1],
      ['100%', 1],
    ])
    expect(sizes(1, [10, 50, 100])).toEqual([['canary', 1]])
    expect(planWaves(ids(5), 'not-there', [100], '1.9.0')).toEqual([])
  })

  it('orders the nodes after the canary by a hash of version and id: stable for a version, spread, and different per version', () => {
    const order = (v: string) => planWaves(ids(20), nodeId(1), [100], v)[1].nodes.map((c) => c.customerId)
    expect(order('1.9.0')).toEqual(order('1.9.0'))
    expect(order('1.9.0')).not.toEqual(order('1.9.1'))
    expect(order('1.9.0')).not.toEqual([...order('1.9.0')].sort())
    expect([...order('1.9.0')].sort()).toEqual(
      ids(20)
        .slice(1)
        .map((c) => c.customerId),
    )
  })

  it('gives a fingerprint that changes when anyone moves', () => {
    const s = settings()
    const a = planWaves(ids(20), nodeId(1), s.percents, s.version)
    const b = planWaves(ids(19), nodeId(1), s.percents, s.version)
    expect(planFingerprint(s, a)).toBe(
      planFingerprint(s, planWaves(ids(20), nodeId(1), s.percents, s.version)),
    )
    expect(planFingerprint(s, a)).not.toBe(planFingerprint(s, b))
    expect(planFingerprint({ ...s, soakMs: 0 }, a)).not.toBe(planFingerprint(s, a))
  })
})

describe('parseSettings', () => {
  const releases = ['1.9.0', '1.8.5']
  const parse = (q: Record<string, string>) =>
    parseSettings(formValues(new URLSearchParams(q), '1.9.0'), releases)

  it('takes the defaults: the newest release, 10/50/100, 30 min deadline, 15 min soak', () => {
    expect(parse({ canary: 'node-01' })).toEqual({
      settings: {
        version: '1.9.0',
        canary: 'node-01',
        percents: [10, 50, 100],
        deadlineMs: 1_800_000,
        soakMs: 900_000,
      },
      errors: {},
    })
    expect(
      parse({ canary: 'node-01', waves: '25% 100%', soak: '0s', version: '1.8.5' }).settings,
    ).toMatchObject({
      version: '1.8.5',
      percents: [25, 100],
      soakMs: 0,
    })
  })

  it('names each bad field', () => {
    const { settings: s, errors } = parse({
      version: '2.0.0',
      canary: '../x',
      waves: '50, 10',
      deadline: '30s',
      soak: '8d',
    })
    expect(s).toBeNull()
    expect(Object.keys(errors).sort()).toEqual(['canary', 'deadline', 'soak', 'version', 'waves'])
    for (const waves of ['', '10, 90', '0, 100', '10, 10, 100', '1,2,3,4,5,6,7,8,9,10,100', 'ten'])
      expect(parse({ canary: 'node-01', waves }).errors.waves, waves).toBeTruthy()
  })
})

describe('eligibility', () => {
  it('takes managed, unblocked nodes reporting ok or warn on an older version, and asks the maintenance predicate', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
    const fleet = await seedFleet(env, { size: 6 })
    await env.db.execute("UPDATE customer_configs SET blocked = 1 WHERE customer_id = 'node-02'")
    fleet.node(nodeId(3)).version = '1.9.0'
    await fleet.report(nodeId(3))
    fleet.node(nodeId(4)).health = 'fail'
    await fleet.report(nodeId(4))
    fleet.node(nodeId(5)).health = 'warn'
    await fleet.report(nodeId(5))
    const asked: string[] = []
    const inMaintenance = async (_env: unknown, id: string, now: Date) => {
      asked.push(id)
      expect(now.toISOString()).toBe('2026-11-29T08:00:00.000Z')
      return id === nodeId(6)
    }
    const fleetE = await fleetEligibility(env, await listCustomers(env.db), '1.9.0', inMaintenance)
    expect(fleetE.eligible.map((c) => c.customerId)).toEqual([nodeId(1), nodeId(5)])
    expect(Object.fromEntries(fleetE.excluded.map((x) => [x.customer.customerId, x.reason]))).toEqual({
      [nodeId(2)]: 'blocked',
      [nodeId(3)]: 'up_to_date',
      [nodeId(4)]: 'not_reporting',
      [nodeId(6)]: 'maintenance',
    })
    expect(asked.sort()).toEqual([nodeId(1), nodeId(5), nodeId(6)])
    // Silent for over twice the stale threshold: down, not eligible.
    env.clock.advance(61 * 60_000)
    const c = (await getCustomer(env.db, nodeId(1)))!
    expect(await eligibility(env, c, '1.9.0', neverInMaintenance)).toMatchObject({
      ok: false,
      reason: 'not_reporting',
    })
  })
})
