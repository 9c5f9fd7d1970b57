import { describe, expect, it } from 'vitest'
import { budapestLocal, nextMorning, presetEnd } from '../../../lib/oncall/presets.js'

const at = (s: string) => Date.parse(s)

describe('maintenance presets', () => {
  it('ends "until 08:00" at the next 08:00 on the Budapest clock, across both 2026 clock changes', () => {
    // Saturday 23:00 CET; the clocks go forward that night: 08:00 CEST is 06:00 UTC.
    expect(new Date(nextMorning(at('2026-03-28T22:00:00Z'))).toISOString()).toBe('2026-03-29T06:00:00.000Z')
    // Saturday 23:00 CEST; the clocks go back that night: 08:00 CET is 07:00 UTC.
    expect(new Date(nextMorning(at('2026-10-24T21:00:00Z'))).toISOString()).toBe('2026-10-25T07:00:00.000Z')
    // After 08:00 it is the next day's; before, the same morning's.
    expect(new Date(nextMorning(at('2026-11-29T09:00:00Z'))).toISOString()).toBe('2026-11-30T07:00:00.000Z')
    expect(new Date(nextMorning(at('2026-11-29T02:00:00Z'))).toISOString()).toBe('2026-11-29T07:00:00.000Z')
  })

  it('reads a typed end as Budapest time, in summer and in winter', () => {
    expect(budapestLocal('2026-07-01T18:00')).toBe(at('2026-07-01T16:00:00Z'))
    expect(budapestLocal('2026-12-01T18:00')).toBe(at('2026-12-01T17:00:00Z'))
    expect(budapestLocal('2026-10-25T04:00')).toBe(at('2026-10-25T03:00:00Z'))
    expect(budapestLocal('2026-03-29T04:00')).toBe(at('2026-03-29T02:00:00Z'))
    expect(budapestLocal('tomorrow')).toBeNull()
    expect(budapestLocal('2026-13-01T18:00')).toBeNull()
  })

  it('refuses an end in the past or more than 7 days ahead, and an unknown choice', () => {
    const now = at('2026-12-01T12:00:00Z')
    expect(presetEnd('1h', now)).toEqual({ ok: true, endsAt: now + 3_600_000 })
    expect(presetEnd('4h', now)).toEqual({ ok: true, endsAt: now + 4 * 3_600_000 })
    expect(presetEnd('custom', now, '2026-12-01T12:30')).toMatchObject({ ok: false })
    expect(presetEnd('custom', now, '2026-12-09T12:00')).toMatchObject({ ok: false })
    expect(presetEnd('custom', now, '2026-12-02T08:00')).toEqual({
      ok: true,
      endsAt: at('2026-12-02T07:00:00Z'),
    })
    expect(presetEnd('forever', now)).toMatchObject({ ok: false })
  })
})
