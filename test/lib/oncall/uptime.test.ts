// Uptime from state changes, to the minute, with maintenance excluded from both sides; across the
// 2026 DST changes in Budapest a day still has 1440 minutes.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { availability, customerUptime } from '../../../lib/oncall/uptime.js'
import { insertWindow } from '../../../lib/store/maintenance-windows.js'
import { checkStaleness } from '../../../scheduled/staleness.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { callJson } from '../../support/http.js'
import { sendReport } from '../../support/scheduled-seed.js'

const MIN = 60_000
const H = 60 * MIN
const at = (s: string) => Date.parse(s)

describe('availability', () => {
  const from = at('2026-11-28T12:00:00Z')
  const to = at('2026-11-29T12:00:00Z')

  it('counts ok and warn as up, error, stale and down as down, minute by minute', () => {
    const changes = [
      { at: from - H, state: 'ok' as const },
      { at: from + 2 * H, state: 'warn' as const },
      { at: from + 3 * H, state: 'stale' as const },
      { at: from + 3 * H + 30 * MIN, state: 'down' as const },
      { at: from + 4 * H, state: 'error' as const },
      { at: from + 4 * H + 15 * MIN, state: 'ok' as const },
    ]
    // 75 of 1440 minutes down.
    expect(availability(changes, [], from, to)).toBe(94.79)
  })

  it('leaves maintenance out of both the up and the down minutes', () => {
    const changes = [
      { at: from - H, state: 'ok' as const },
      { at: from + 3 * H, state: 'down' as const },
      { at: from + 4 * H, state: 'ok' as const },
    ]
    const window = { startsAt: from + 3 * H + 30 * MIN, effectiveEnd: from + 5 * H }
    // Down 30 of the 1440 - 90 minutes outside the window.
    expect(availability(changes, [window], from, to)).toBe(97.77)
    expect(availability(changes, [window, { startsAt: from, effectiveEnd: to }], from, to)).toBeNull()
  })

  it('takes each instant at its whole minute, and rounds down so a short outage never shows 100', () => {
    const changes = [
      { at: from - H, state: 'ok' as const },
      { at: from + 10 * H + 59_999, state: 'down' as const }, // 22:00:59 → 22:00
      { at: from + 10 * H + 60_000, state: 'ok' as const }, // 22:01:00
    ]
    expect(availability(changes, [], from, to)).toBe(99.93)
    const thirtyDays = [{ at: to - 31 * 24 * H, state: 'ok' as const }, ...changes.slice(1)]
    expect(availability(thirtyDays, [], to - 30 * 24 * H, to)).toBe(99.99)
  })

  it('is null for a period with no data, and counts only from the first known state', () => {
    expect(availability([], [], from, to)).toBeNull()
    const late = [
      { at: to - 2 * H, state: 'ok' as const },
      { at: to - H, state: 'down' as const },
    ]
    expect(availability(late, [], from, to)).toBe(50)
  })
})

/** Reports every 10 minutes (the staleness job runs as often), none in [silentFrom, silentTo). */
async function dayWithOutage(env: TestEnv, start: number, silentFrom: number, silentTo: number) {
  for (let t = start; t <= start + 24 * H; t += 10 * MIN) {
    env.clock.set(t)
    if (t < silentFrom || t >= silentTo) await sendReport(env, 'kovacs-csalad')
    await checkStaleness(env)
  }
  await env.settle()
}

describe('customerUptime across the DST changes', () => {
  it.each([
    ['spring forward, 29 March 2026', '2026-03-28T12:00:00Z', '2026-03-29T00:30:00Z'],
    ['fall back, 25 October 2026', '2026-10-24T12:00:00Z', '2026-10-25T00:30:00Z'],
  ])('measures a one-hour outage over the %s night as 60 of 1440 minutes', async (_, start, lastReport) => {
    const env = await testEnv({ clock: fixedClock(start) })
    const silentFrom = at(lastReport) + 10 * MIN
    // Silent from 00:30 UTC: stale at 01:00 (the clock change), down at 01:30, back at 02:00.
    await dayWithOutage(env, at(start), silentFrom, at(lastReport) + 90 * MIN)
    expect(await customerUptime(env, 'kovacs-csalad')).toEqual({ '24h': 95.83, '30d': 95.83, '90d': 95.83 })
    const api = await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad')
    expect(api.json.uptime).toEqual({ '24h': 95.83, '30d': 95.83, '90d': 95.83 })
  })

  it('does not count an outage inside a maintenance window', async () => {
    const env = await testEnv({ clock: fixedClock('2026-03-28T12:00:00Z') })
    const now = env.clock.now().getTime()
    const window = {
      customerId: 'kovacs-csalad',
      startsAt: at('2026-03-29T00:30:00Z'),
      endsAt: at('2026-03-29T02:30:00Z'),
      reason: 'disk swap',
      createdBy: 'api:global',
    }
    await insertWindow(env.db, window, now)
    await dayWithOutage(env, now, at('2026-03-29T00:40:00Z'), at('2026-03-29T02:00:00Z'))
    expect((await customerUptime(env, 'kovacs-csalad'))['24h']).toBe(100)
  })

  it('is null for every period until the hub has seen the customer for a minute', async () => {
    const env = await testEnv()
    await sendReport(env, 'kovacs-csalad')
    expect(await customerUptime(env, 'kovacs-csalad')).toEqual({ '24h': null, '30d': null, '90d': null })
  })
})
