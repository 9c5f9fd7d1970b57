// What goes into a monthly report: the month's events (that month's, by Budapest time), the
// controller updates with their versions, and what is wrong right now.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { gatherMonthlyReport, updatedVersion } from '../../../lib/monthly-report/data.js'
import { monthOf } from '../../../lib/monthly-report/period.js'
import { getCustomer } from '../../../lib/store/customers.js'
import type { StoredEvent } from '../../../lib/store/events.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { fixtureReport } from '../../support/fixtures.js'
import { call } from '../../support/http.js'
import { sendReport } from '../../support/scheduled-seed.js'

const NOV = monthOf(2026, 11)

async function event(env: TestEnv, at: number, event_type: string, extra: Record<string, unknown> = {}) {
  env.clock.set(at)
  const body = {
    customer_id: 'kovacs-csalad',
    event_type,
    severity: 'info',
    message: `${event_type} here`,
    ...extra,
  }
  expect((await call(env, 'POST', '/api/v1/event', { body })).status).toBe(201)
}

const gather = async (env: TestEnv) =>
  gatherMonthlyReport(env, (await getCustomer(env.db, 'kovacs-csalad'))!, NOV)

describe('updatedVersion', () => {
  const e = (message: string, details: Record<string, unknown> | null = null) =>
    ({ message, details }) as StoredEvent
  it('takes the version from the details, else the last one in the message', () => {
    expect(updatedVersion(e('x', { to_version: 'v1.9.0' }))).toBe('1.9.0')
    expect(updatedVersion(e('x', { version: '1.8.2' }))).toBe('1.8.2')
    expect(updatedVersion(e('Updated from 1.8.1 to 1.8.2'))).toBe('1.8.2')
    expect(updatedVersion(e('controller updated', { version: 'latest' }))).toBeNull()
  })
})

describe('gatherMonthlyReport', () => {
  it('counts the month’s backups by Budapest time and lists its updates', async () => {
    const env = await testEnv({ clock: fixedClock(NOV.from - 3_600_000) })
    await sendReport(env, 'kovacs-csalad')
    await event(env, NOV.from - 60_000, 'backup_completed') // 23:59 on 31 October: not November
    await event(env, NOV.from, 'backup_completed')
    await event(env, NOV.from + 86_400_000, 'backup_failed')
    await event(env, NOV.from + 2 * 86_400_000, 'backup_partial')
    await event(env, NOV.from + 3 * 86_400_000, 'controller_updated', { message: 'now at 1.8.2' })
    await event(env, NOV.from + 4 * 86_400_000, 'controller_update_failed')
    await event(env, NOV.to - 60_000, 'backup_completed') // 23:59 on 30 November
    await event(env, NOV.to, 'backup_completed') // December
    env.clock.set(NOV.to + 9 * 3_600_000)
    await sendReport(env, 'kovacs-csalad')
    const d = await gather(env)
    expect(d.backups).toEqual({ enabled: true, completed: 2, failed: 1, partial: 1, missedDays: 0 })
    expect(d.updates).toEqual([{ at: NOV.from + 3 * 86_400_000, version: '1.8.2' }])
    expect(d.updateFailures).toBe(1)
    // The report's own last copy (29 November) counts when no event said so.
    expect(d.crossdrive).toEqual({
      expected: true,
      lastAt: Date.parse('2026-11-29T03:10:05Z'),
      failedInMonth: 0,
    })
    expect(d.disks.map((x) => [x.label, Math.round(x.percent)])).toEqual([
      ['system', 19],
      ['hdd1', 83],
      ['hdd2', 40],
    ])
  })

  it('finds what is wrong now: silence, failed backups, worn or full disks, stopped apps', async () => {
    const env = await testEnv({ clock: fixedClock(NOV.to) })
    const storage = fixtureReport().storage.map((s: any) =>
      s.label === 'hdd2'
        ? { ...s, smart_status: 'failing', used_bytes: Math.round(s.total_bytes * 0.95) }
        : s,
    )
    const containers = fixtureReport().containers.map((c: any, i: number) =>
      i < 2 ? { ...c, state: 'exited' } : c,
    )
    await sendReport(env, 'kovacs-csalad', {
      storage,
      containers,
      backups: { ...fixtureReport().backups, last_backup_status: 'failed' },
    })
    env.clock.set(NOV.to + 3_600_000) // an hour of silence: more than the 30-minute threshold
    expect((await gather(env)).problems).toEqual([
      { kind: 'offline' },
      { kind: 'backup_failing' },
      { kind: 'disk_worn', disk: { label: 'hdd2', system: false } },
      { kind: 'disk_almost_full', disk: { label: 'hdd2', system: false }, percent: expect.closeTo(95, 6) },
      { kind: 'apps_down', count: 2 },
    ])
  })
})
