import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, nestingBeyond, parseStoredJson } from '../../../lib/core/json.js'

const bytes = (s: string) => new TextEncoder().encode(s)
const nested = (n: number) => '['.repeat(n) + ']'.repeat(n)

describe('nestingBeyond', () => {
  it('allows nesting up to the limit and points at the bracket that opens the level beyond it', () => {
    expect(MAX_JSON_DEPTH).toBe(64)
    expect(nestingBeyond(bytes(nested(64)))).toBe(-1)
    expect(nestingBeyond(bytes(nested(65)))).toBe(64)
    expect(nestingBeyond(bytes('{"a":{"b":[1,{"c":[]}]}}'), 5)).toBe(-1)
    expect(nestingBeyond(bytes('{"a":{"b":[1,{"c":[]}]}}'), 4)).toBe(18)
  })

  it('counts depth, not the number of brackets: siblings do not add up', () => {
    expect(nestingBeyond(bytes('[' + '[],'.repeat(1000) + '[]]'), 2)).toBe(-1)
  })

  it('ignores brackets inside strings, honouring escaped quotes and escaped backslashes', () => {
    expect(nestingBeyond(bytes(JSON.stringify({ s: '[[[[{{{{' })), 1)).toBe(-1)
    expect(nestingBeyond(bytes(JSON.stringify({ s: '"[[[["' })), 1)).toBe(-1)
    // "\\" ends the string: the bracket after it is structure.
    const text = '{"s":"\\\\",' + '"t":[[]]}'
    expect(JSON.parse(text)).toEqual({ s: '\\', t: [[]] })
    expect(nestingBeyond(bytes(text), 2)).toBe(text.indexOf('[[') + 1)
  })

  it('finds the end of long strings whatever escapes they hold', () => {
    for (const tail of ['', '\\', '\\\\', '\"', '\\\"']) {
      const long = 'x'.repeat(100) + tail
      const text = JSON.stringify({ s: long, t: [[]] })
      expect(JSON.parse(text).s).toBe(long)
      expect(nestingBeyond(bytes(text), 2), tail).toBe(text.lastIndexOf('[[') + 1)
      expect(nestingBeyond(bytes(text), 3), tail).toBe(-1)
    }
  })

  it('scans UTF-8 text exactly and stops at an unterminated string', () => {
    expect(nestingBeyond(bytes(JSON.stringify({ név: 'árvíztűrő 🙂 [[[' })), 1)).toBe(-1)
    expect(nestingBeyond(bytes('["unterminated [[[['), 1)).toBe(-1)
  })
})

describe('parseStoredJson', () => {
  it('parses stored JSON text or bytes', () => {
    expect(parseStoredJson('{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } })
    expect(parseStoredJson(bytes('[1,2]'))).toEqual({ ok: true, value: [1, 2] })
  })

  it('reports text that is not JSON, not UTF-8, or nested too deep, instead of throwing', () => {
    expect(parseStoredJson('{"a":')).toEqual({ ok: false, problem: 'not valid JSON' })
    expect(parseStoredJson(new Uint8Array([0x22, 0xff, 0x22]))).toEqual({
      ok: false,
      problem: 'not valid JSON',
    })
    expect(parseStoredJson(nested(5000))).toEqual({ ok: false, problem: 'nested deeper than 64 levels' })
  })
})
