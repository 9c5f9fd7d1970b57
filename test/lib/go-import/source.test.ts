import { describe, expect, it } from 'vitest'
import { goBool, goJson, goText, goTime } from '../../../lib/go-import/source.js'

const T = Date.parse('2026-11-29T04:15:02.123Z')

describe('reading Go values', () => {
  it.each([
    ['unix seconds', 1_795_925_702, Date.parse('2026-11-29T04:15:02Z')],
    ['unix milliseconds', T, T],
    ['unix seconds as text', '1795925702', Date.parse('2026-11-29T04:15:02Z')],
    ['RFC 3339', '2026-11-29T04:15:02Z', Date.parse('2026-11-29T04:15:02Z')],
    ['RFC 3339 with an offset', '2026-11-29T05:15:02.123+01:00', T],
    ["SQLite's CURRENT_TIMESTAMP (UTC)", '2026-11-29 04:15:02', Date.parse('2026-11-29T04:15:02Z')],
    ["mattn/go-sqlite3's time.Time", '2026-11-29 04:15:02.123456789+00:00', T],
    ["Go's time.Time String()", '2026-11-29 05:15:02.123456789 +0100 CET', T],
  ])('reads a time written as %s', (_, value, expected) => {
    expect(goTime(value)).toBe(expected)
  })

  it('gives null for a time it cannot read, rather than guessing', () => {
    for (const v of [null, '', 'yesterday', '29/11/2026 04:15', '2026-13-45 99:99:99'])
      expect(goTime(v)).toBeNull()
  })

  it('reads booleans, text from BLOBs, and JSON columns', () => {
    expect([goBool(1), goBool(0), goBool('true'), goBool('no'), goBool(null), goBool('maybe')]).toEqual([
      true,
      false,
      true,
      false,
      null,
      null,
    ])
    expect(goText(new TextEncoder().encode('árvíz'))).toBe('árvíz')
    expect([goJson('["a"]'), goJson(''), goJson('{nope'), goJson(null)]).toEqual([
      ['a'],
      undefined,
      undefined,
      undefined,
    ])
  })
})
