// Numbers at the edges of what JSON and a double can hold: stored or refused, never a 5xx, and
// what is stored reads back.
import { describe, expect, it } from 'vitest'
import { testEnv } from '../support/env.js'
import { reportFor } from '../support/fixtures.js'
import { callJson } from '../support/http.js'

const EXTREMES = [1e308, -1e308, 1.7976931348623157e308, -0, 2 ** 63, -(2 ** 53), 5e-324]

describe('extreme numbers', () => {
  it.each(EXTREMES)('stores or refuses a report whose numbers are %s, never a 5xx', async (n) => {
    const env = await testEnv()
    const system = { cpu_percent: n, load1: n, temperature_c: n, memory_total_bytes: n, memory_used_bytes: n }
    const storage = [{ label: 'x', total_bytes: Math.abs(n), used_bytes: Math.abs(n) }]
    const res = await callJson(env, 'POST', '/api/v1/report', {
      body: reportFor('extreme-node', { system, storage }),
    })
    expect(res.status).toBeLessThan(500)
    if (res.status === 200) {
      const history = await callJson(env, 'GET', '/api/v1/customers/extreme-node/history?period=1h')
      expect(history.status).toBe(200)
      expect(history.json.points).toHaveLength(1)
    }
  })

  it.each([
    ['a CPU percentage that overflows when scaled', { system: { cpu_percent: 1e307 } }],
    ['a temperature that overflows when scaled', { system: { temperature_c: -1e308 } }],
    [
      'memory whose used/total ratio overflows',
      { system: { memory_total_bytes: 1e-300, memory_used_bytes: 1e10 } },
    ],
  ])('stores %s with that figure left out of the sample, never a 5xx', async (_label, patch) => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/report', { body: reportFor('extreme-node', patch) })
    expect(res.status).toBe(200)
    const history = await callJson(env, 'GET', '/api/v1/customers/extreme-node/history?period=1h')
    expect(history.status).toBe(200)
    expect(history.json.points).toHaveLength(1)
    for (const v of Object.values(history.json.points[0])) {
      if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true)
    }
  })
})
