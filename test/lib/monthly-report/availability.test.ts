// Availability from the state changes the uptime pages use: a report's health (fail is down), and
// the staleness job's silences (stale from 30 minutes after the last report, down from 60).
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { availabilityFor } from '../../../lib/monthly-report/availability.js'
import { monthOf } from '../../../lib/monthly-report/period.js'
import { getCustomer } from '../../../lib/store/customers.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { sendReport } from '../../support/scheduled-seed.js'
import { checkStaleness } from '../../../scheduled/staleness.js'

const NOV = monthOf(2026, 11)
const MIN = 60_000

/**
 * Reports every 15 minutes over [from, to), skipping `skip`, with `health` where it says; the
 * staleness job runs at each step, as it does every minute on a live hub.
 */
async function reports(
  env: TestEnv,
  from: number,
  to: number,
  o: { skip?: [number, number]; fail?: [number, number] } = {},
) {
  for (let t = from; t < to; t += 15 * MIN) {
    env.clock.set(t)
    if (!(o.skip && t >= o.skip[0] && t < o.skip[1])) {
      const failing = o.fail && t >= o.fail[0] && t < o.fail[1]
      await sendReport(env, 'kovacs-csalad', { health: { status: failing ? 'fail' : 'ok' } })
    }
    await checkStaleness(env)
  }
}

const of = async (env: TestEnv, from: number, to: number) =>
  availabilityFor(env, (await getCustomer(env.db, 'kovacs-csalad'))!, from, to)

describe('availabilityFor', () => {
  it('counts a node that reports every 15 minutes as always up, and a silence beyond 30 minutes as down', async () => {
    const env = await testEnv({ clock: fixedClock(NOV.from) })
    const day = NOV.from + 86_400_000
    // One day of reports with a hole: the last before it at 09:45, the next at 13:00; down from
    // 10:15 (30 minutes after the last) to 13:00.
    await reports(env, NOV.from - 60 * MIN, day, {
      skip: [NOV.from + 10 * 60 * MIN, NOV.from + 13 * 60 * MIN],
    })
    env.clock.set(day)
    const a = (await of(env, NOV.from, day))!
    expect(a.downMs).toBe(165 * MIN)
    expect(a.percent).toBeCloseTo(100 - (165 / 1440) * 100, 6)
    expect((await of(env, NOV.from, NOV.from + 10 * 60 * MIN))!.percent).toBe(100)
  })

  it('counts reports of failing health as down, and starts at the first report of a new node', async () => {
    const env = await testEnv({ clock: fixedClock(NOV.from) })
    const start = NOV.from + 10 * 86_400_000
    const end = start + 4 * 60 * MIN
    await reports(env, start, end, { fail: [start + 60 * MIN, start + 120 * MIN] })
    env.clock.set(end)
    const a = (await of(env, NOV.from, NOV.to))!
    expect(a.from).toBe(start)
    expect(a.to).toBe(end) // not past now
    expect(a.downMs).toBe(60 * MIN)
    expect(a.percent).toBe(75)
  })

  it('has nothing to say about a month before the node first reported', async () => {
    const env = await testEnv({ clock: fixedClock(NOV.to + 60 * MIN) })
    await sendReport(env, 'kovacs-csalad')
    expect(await of(env, NOV.from, NOV.to)).toBeNull()
  })
})
