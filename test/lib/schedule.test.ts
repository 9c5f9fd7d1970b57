import { describe, expect, it } from 'vitest'
import {
  budapestDate,
  budapestMidnight,
  jobSchedules,
  latestSlot,
  type JobSchedule,
} from '../../lib/schedule.js'
import { testConfig } from '../support/env.js'

const schedules = jobSchedules(testConfig())
const at = (s: string) => new Date(s)

/** Every distinct slot seen by a tick every `stepMinutes` from `from` for `hours`. */
function slotsSeen(s: JobSchedule, from: string, hours: number, stepMinutes = 1): string[] {
  const seen = new Set<string>()
  for (let t = Date.parse(from); t < Date.parse(from) + hours * 3_600_000; t += stepMinutes * 60_000) {
    const slot = latestSlot(s, new Date(t))
    if (slot) seen.add(slot)
  }
  return [...seen]
}

describe('latestSlot', () => {
  it('includes a slot exactly at now and keeps it until the next one', () => {
    const s = schedules['backup-deadline']
    expect(latestSlot(s, at('2026-11-29T04:00:00Z'))).toBe('2026-11-29T04:00:00.000Z') // 05:00 CET
    expect(latestSlot(s, at('2026-11-29T03:59:59.999Z'))).toBe('2026-11-28T04:00:00.000Z')
    expect(latestSlot(s, at('2026-11-30T03:59:00Z'))).toBe('2026-11-29T04:00:00.000Z')
  })

  it('puts 05:00 Budapest at 03:00 UTC in summer', () => {
    expect(latestSlot(schedules['backup-deadline'], at('2026-07-01T03:00:00Z'))).toBe(
      '2026-07-01T03:00:00.000Z',
    )
  })

  it('reads the prune schedule from retention.prune_schedule', () => {
    const custom = jobSchedules(testConfig({ retention: { prune_schedule: '15 3 * * *' } }))
    expect(latestSlot(custom.prune, at('2026-11-29T04:30:00Z'))).toBe('2026-11-29T02:15:00.000Z')
    expect(latestSlot(schedules.prune, at('2026-11-29T04:30:00Z'))).toBe('2026-11-29T03:30:00.000Z')
  })

  it('refuses an invalid cron pattern with a message naming it', () => {
    expect(() => latestSlot({ pattern: '61 * * * *', timezone: 'UTC' }, new Date())).toThrow(
      /invalid cron pattern "61 \* \* \* \*"/,
    )
  })

  it('gives interval jobs one slot per period', () => {
    expect(slotsSeen(schedules['registry-check'], '2026-11-29T00:00:00Z', 3)).toHaveLength(6)
    expect(slotsSeen(schedules['template-refresh'], '2026-11-29T00:00:00Z', 3)).toHaveLength(3)
    expect(slotsSeen(schedules.staleness, '2026-11-29T00:00:00Z', 1)).toHaveLength(60)
  })

  for (const [change, from, dates] of [
    [
      'spring forward (2026-03-29)',
      '2026-03-27T12:00:00Z',
      ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'],
    ],
    [
      'fall back (2026-10-25)',
      '2026-10-23T12:00:00Z',
      ['2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27'],
    ],
  ] as const) {
    it(`gives daily jobs exactly one slot per Budapest day across the ${change}`, () => {
      // 96 hours from noon UTC: each of these five Budapest dates has its slot in the window.
      for (const job of ['backup-deadline', 'prune', 'backup'] as const) {
        const days = slotsSeen(schedules[job], from, 96, 5).map((s) => budapestDate(new Date(s)))
        expect(days, job).toEqual(dates)
      }
      // A local time inside the spring gap or the doubled autumn hour still runs once a day.
      const gap = slotsSeen({ pattern: '30 2 * * *', timezone: 'Europe/Budapest' }, from, 96, 5)
      expect(gap.map((s) => budapestDate(new Date(s)))).toEqual(dates)
    })
  }

  it('keeps hourly jobs hourly through the doubled October hour', () => {
    expect(slotsSeen(schedules['template-refresh'], '2026-10-24T22:00:00Z', 6)).toHaveLength(6)
  })
})

describe('Budapest dates', () => {
  it('finds local midnight in winter and in summer', () => {
    expect(budapestMidnight(at('2026-11-29T04:30:00Z')).toISOString()).toBe('2026-11-28T23:00:00.000Z')
    expect(budapestMidnight(at('2026-07-01T03:00:00Z')).toISOString()).toBe('2026-06-30T22:00:00.000Z')
  })

  it('finds midnight on the days the clocks change', () => {
    expect(budapestMidnight(at('2026-03-29T12:00:00Z')).toISOString()).toBe('2026-03-28T23:00:00.000Z')
    expect(budapestMidnight(at('2026-10-25T12:00:00Z')).toISOString()).toBe('2026-10-24T22:00:00.000Z')
  })

  it('names the local date, which differs from the UTC date just after midnight', () => {
    expect(budapestDate(at('2026-11-28T23:30:00Z'))).toBe('2026-11-29')
    expect(budapestDate(at('2026-11-28T22:59:59Z'))).toBe('2026-11-28')
  })
})
