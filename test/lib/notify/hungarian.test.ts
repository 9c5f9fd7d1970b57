import { describe, expect, it } from 'vitest'
import {
  huBytes,
  huCount,
  huDate,
  huDateTime,
  huDurationFor,
  huInMonth,
  huMonth,
  huNumber,
  huOnDate,
  huPercent,
} from '../../../lib/notify/hungarian.js'

const NBSP = '\u00a0'

describe('Hungarian formatting', () => {
  it('writes numbers with a decimal comma and a space between thousands', () => {
    expect(huNumber(99.8)).toBe('99,8')
    expect(huNumber(12345.67)).toBe(`12${NBSP}345,7`)
    expect(huPercent(83)).toBe('83%')
    expect(huPercent(99.75, 1)).toBe('99,8%')
  })

  it('writes sizes in decimal units with a comma', () => {
    expect(huBytes(2490492174336)).toBe(`2,49${NBSP}TB`)
    expect(huBytes(510100807680)).toBe(`510${NBSP}GB`)
    expect(huBytes(48318382080)).toBe(`48,3${NBSP}GB`)
    expect(huBytes(512)).toBe(`512${NBSP}bájt`)
  })

  it('writes months and days the Hungarian way, in Budapest time', () => {
    expect(huMonth(2026, 11)).toBe('2026. november')
    expect(huInMonth(2026, 11)).toBe('2026 novemberében')
    expect(huInMonth(2027, 1)).toBe('2027 januárjában')
    expect(huDate(Date.parse('2026-11-30T23:30:00Z'))).toBe('december 1.') // 00:30 in Budapest
    expect(huDateTime(Date.parse('2026-11-29T04:30:00Z'))).toBe('2026. november 29., 5:30')
  })

  it('gives each day of the month its own suffix', () => {
    const on = (day: number) => huOnDate(Date.UTC(2026, 0, day, 12))
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(on)).toEqual([
      'január 1-jén',
      'január 2-án',
      'január 3-án',
      'január 4-én',
      'január 5-én',
      'január 6-án',
      'január 7-én',
      'január 8-án',
      'január 9-én',
      'január 10-én',
    ])
    expect([13, 20, 23, 26, 28, 30, 31].map(on)).toEqual([
      'január 13-án',
      'január 20-án',
      'január 23-án',
      'január 26-án',
      'január 28-án',
      'január 30-án',
      'január 31-én',
    ])
  })

  it('says for how long, and small counts in words', () => {
    expect(huDurationFor(90 * 60_000)).toBe('1 óra 30 percig')
    expect(huDurationFor(2 * 3_600_000)).toBe('2 óráig')
    expect(huDurationFor(26 * 3_600_000)).toBe('1 nap 2 óráig')
    expect(huDurationFor(3 * 86_400_000)).toBe('3 napig')
    expect(huDurationFor(20_000)).toBe('0 percig')
    expect([1, 2, 5, 12].map(huCount)).toEqual(['egy', 'két', 'öt', '12'])
  })
})
