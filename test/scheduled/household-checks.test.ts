// The daily household checks end to end: reports through the API for two weeks, then the job:
// forecasts stored per mount, disk_full_forecast to the operator and (in Hungarian) to a customer
// who chose it, at most once a week per mount; and each customer's DR readiness.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { setBlocked } from '../../lib/store/customers.js'
import { diskForecastsOf, soonestDiskFull } from '../../lib/store/disk-usage.js'
import { drStateOf } from '../../lib/store/dr.js'
import { runHouseholdChecks } from '../../scheduled/household-checks.js'
import { testEnv, type TestEnv } from '../support/env.js'
import { resendConfig, startFakeResend } from '../support/fake-resend.js'
import { fixturePreferences, fixtureReport } from '../support/fixtures.js'
import { call } from '../support/http.js'
import { hubEvents, sendReport } from '../support/scheduled-seed.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
// Sunday 2026-11-29, 05:15 Budapest.
const CHECK = Date.parse('2026-11-29T04:15:00Z')
const START = CHECK - 14 * DAY
const TB3 = 3000592982016

/** The fixture's storage with hdd1 at `percent` of its size. */
const storageAt = (percent: number) =>
  fixtureReport().storage.map((s: any) =>
    s.label === 'hdd1' ? { ...s, used_bytes: Math.round((TB3 * percent) / 100) } : s,
  )

/** hdd1 at 70% two weeks before CHECK, growing 1.5 points a day: 91% at CHECK, full 6 days later. */
const hdd1 = (at: number) => 70 + (1.5 * (at - START)) / DAY

/** A report every six hours from `from` to `to`. */
async function reportsBetween(env: TestEnv, from: number, to: number, customerId = 'kovacs-csalad') {
  for (let t = from; t <= to; t += 6 * HOUR) {
    env.clock.set(t)
    await sendReport(env, customerId, { storage: storageAt(hdd1(t)) })
  }
}

async function setup() {
  const fake = await startFakeResend()
  const env = await testEnv({ clock: fixedClock(START), config: { notifications: resendConfig(fake) } })
  await reportsBetween(env, START, CHECK - 15 * 60_000)
  const prefs = { ...fixturePreferences(), enabled_events: ['disk_full_forecast'] }
  expect((await call(env, 'POST', '/api/v1/preferences', { body: prefs })).status).toBe(200)
  env.clock.set(CHECK)
  return { env, fake }
}

describe('runHouseholdChecks', () => {
  it('forecasts each mount and announces the one that fills up within two weeks', async () => {
    const { env, fake } = await setup()
    const summary = await runHouseholdChecks(env)
    expect(summary).toMatchObject({
      ok: true,
      checked: 1,
      failed: 0,
      forecast: { mounts: 3, with_date: 1, announced: 1 },
    })
    const forecasts = await diskForecastsOf(env.db, 'kovacs-csalad')
    const f = forecasts.find((x) => x.mount === '/mnt/hdd1')!
    expect(f.label).toBe('hdd1')
    expect(f.slopePerDay).toBeCloseTo(1.5, 1)
    expect(Math.abs(f.fullAt! - (CHECK + 6 * DAY))).toBeLessThan(DAY / 2)
    expect(forecasts.filter((x) => x.mount !== '/mnt/hdd1').map((x) => [x.mount, x.fullAt])).toEqual([
      ['/', null],
      ['/mnt/hdd2', null],
    ])
    expect((await soonestDiskFull(env.db)).get('kovacs-csalad')?.mount).toBe('/mnt/hdd1')

    const [event] = await hubEvents(env, 'disk_full_forecast')
    expect(event).toMatchObject({
      severity: 'warning',
      dedupe_key: 'disk_full_forecast:kovacs-csalad:/mnt/hdd1:2026-W48',
    })
    await env.settle()
    const toOperator = fake.emails.filter((e) => e.to === 'ops@felhom.test')
    const toCustomer = fake.emails.filter((e) => e.to === 'kovacs@example.hu')
    expect(toOperator).toHaveLength(1)
    expect(toOperator[0].text).toMatch(
      /hdd1 \(\/mnt\/hdd1\) of felhom-kovacs is 9\d\.\d% full and growing 1\.\d\d points a day: full in about 6 days/,
    )
    expect(toCustomer).toHaveLength(1)
    expect(toCustomer[0].subject).toBe('Felhom: Két héten belül megtelhet a tárhely')
    expect(toCustomer[0].text).toContain('Az érintett lemez neve: hdd1.')
    expect(toCustomer[0].text).toMatch(/nagyjából 6 nap múlva, december [45]\. körül megtelik\./)
  })

  it('announces a mount at most once a week, across a new ISO week too', async () => {
    const { env } = await setup()
    await runHouseholdChecks(env)
    await runHouseholdChecks(env)
    // Tuesday (a new ISO week, so a new dedupe key): still within the week, still quiet.
    await reportsBetween(env, CHECK, CHECK + 2 * DAY)
    env.clock.set(CHECK + 2 * DAY)
    expect((await runHouseholdChecks(env)).forecast.announced).toBe(0)
    // A week and a day later (Monday of the week after), still filling: announced again.
    await reportsBetween(env, CHECK + 2 * DAY, CHECK + 8 * DAY)
    env.clock.set(CHECK + 8 * DAY)
    expect((await runHouseholdChecks(env)).forecast.announced).toBe(1)
    expect((await hubEvents(env, 'disk_full_forecast')).map((e) => e.dedupe_key)).toEqual([
      'disk_full_forecast:kovacs-csalad:/mnt/hdd1:2026-W48',
      'disk_full_forecast:kovacs-csalad:/mnt/hdd1:2026-W50',
    ])
  })

  it('makes no forecast for a node silent for days, and forgets readings after 15 days', async () => {
    const { env } = await setup()
    env.clock.set(CHECK + 3 * DAY)
    await runHouseholdChecks(env)
    expect(
      (await diskForecastsOf(env.db, 'kovacs-csalad')).every(
        (f) => f.fullAt === null && f.slopePerDay === null,
      ),
    ).toBe(true)
    expect(await hubEvents(env, 'disk_full_forecast')).toEqual([])
    env.clock.set(START + 20 * DAY)
    await runHouseholdChecks(env)
    const rs = await env.db.execute('SELECT min(hour) AS h FROM disk_usage')
    expect(Number(rs.rows[0].h) * HOUR).toBeGreaterThanOrEqual(START + 5 * DAY - HOUR)
    expect(Number(rs.rows[0].h) * HOUR).toBeLessThan(START + 5 * DAY + 6 * HOUR)
  })

  it('assesses DR readiness of every reporting customer, leaving blocked ones out', async () => {
    const { env } = await setup()
    await sendReport(env, 'blocked-node')
    await setBlocked(env.db, 'blocked-node', true, CHECK)
    const summary = await runHouseholdChecks(env)
    expect(summary.checked).toBe(1)
    expect(summary.dr).toEqual({ ready: 0, at_risk: 0, not_ready: 1, announced: 0 })
    expect((await drStateOf(env.db, 'kovacs-csalad'))!.reasons).toContain('no infra backup has been received')
    expect(await drStateOf(env.db, 'blocked-node')).toBeNull()
  })
})
