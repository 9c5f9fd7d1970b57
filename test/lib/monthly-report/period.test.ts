import { describe, expect, it } from 'vitest'
import { monthBefore, monthOf, parseMonthKey, reportedMonth } from '../../../lib/monthly-report/period.js'
import { testConfig } from '../../support/env.js'

describe('the reported month', () => {
  it('spans a Budapest calendar month, summer time included', () => {
    expect(monthOf(2026, 11)).toMatchObject({
      key: '2026-11',
      from: Date.parse('2026-10-31T23:00:00Z'),
      to: Date.parse('2026-11-30T23:00:00Z'),
    })
    // October 2026 starts in summer time (UTC+2) and ends in winter time (UTC+1).
    expect(monthOf(2026, 10)).toMatchObject({
      from: Date.parse('2026-09-30T22:00:00Z'),
      to: Date.parse('2026-10-31T23:00:00Z'),
    })
    expect(monthOf(2026, 12).to).toBe(Date.parse('2026-12-31T23:00:00Z'))
  })

  it('is the month before the job’s latest slot, however late the run', () => {
    const config = testConfig()
    expect(reportedMonth(config, new Date('2026-12-01T08:00:00Z')).key).toBe('2026-11')
    expect(reportedMonth(config, new Date('2026-12-03T15:00:00Z')).key).toBe('2026-11')
    // 08:59 on the 1st in Budapest: December's slot has not come, November's has.
    expect(reportedMonth(config, new Date('2026-12-01T07:59:00Z')).key).toBe('2026-10')
    expect(reportedMonth(config, new Date('2027-01-01T08:00:00Z')).key).toBe('2026-12')
    expect(monthBefore(new Date('2026-11-30T23:30:00Z')).key).toBe('2026-11') // 00:30 on 1 Dec
  })

  it('parses YYYY-MM and nothing else', () => {
    expect(parseMonthKey('2026-11')?.key).toBe('2026-11')
    for (const bad of ['2026-13', '2026-1', '26-11', '2026-11-01', '', null])
      expect(parseMonthKey(bad)).toBeNull()
  })
})
