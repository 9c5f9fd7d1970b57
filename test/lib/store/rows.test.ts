import { describe, expect, it } from 'vitest'
import { jsonCol, jsonObjectCol, jsonStringsCol } from '../../../lib/store/rows.js'

const deep = '['.repeat(5000) + ']'.repeat(5000)

describe('JSON columns', () => {
  it('read back what was stored', () => {
    expect(jsonCol('{"a":1}', null)).toEqual({ a: 1 })
    expect(jsonObjectCol('{"a":[1]}')).toEqual({ a: [1] })
    expect(jsonStringsCol('["node_down","backup_failed"]')).toEqual(['node_down', 'backup_failed'])
  })

  it('fall back on empty, unreadable or too deeply nested text instead of throwing', () => {
    for (const v of [null, undefined, '', '{"a":', 'nope', deep]) {
      expect(jsonCol(v, 'fallback'), String(v).slice(0, 10)).toBe('fallback')
      expect(jsonObjectCol(v)).toBeNull()
      expect(jsonStringsCol(v)).toBeNull()
    }
  })

  it('give an object column nothing but an object, and an array column nothing but its strings', () => {
    for (const v of ['[1]', '"x"', '5', 'null', 'true']) expect(jsonObjectCol(v), v).toBeNull()
    for (const v of ['{"a":1}', '"x"', '5', 'null']) expect(jsonStringsCol(v), v).toBeNull()
    expect(jsonStringsCol('["node_down", 5, null, {"a":1}]')).toEqual(['node_down'])
  })
})
