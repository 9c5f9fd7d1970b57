// Bad or hostile input gets a 4xx or is stored; it never produces a 5xx.
import { describe, expect, it } from 'vitest'
import { testEnv } from '../../support/env.js'
import { fixtureInfraBackup, reportFor } from '../../support/fixtures.js'
import { call, callJson } from '../../support/http.js'

const EXTREMES = [1e308, -1e308, 1.7976931348623157e308, -0, 2 ** 63, -(2 ** 53), 5e-324]

describe('hostile input', () => {
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
    ['deeply nested JSON', '{"a":' + '['.repeat(20000) + ']'.repeat(20000) + '}'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['an empty body', ''],
    ['a JSON string', '"hello"'],
    ['null', 'null'],
  ])('answers %s with a 4xx', async (_label, body) => {
    const env = await testEnv()
    for (const path of [
      '/api/v1/report',
      '/api/v1/event',
      '/api/v1/infra-backup',
      '/api/v1/preferences',
      '/api/v1/notify',
    ]) {
      const res = await call(env, 'POST', path, { body: body as string })
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.status, path).toBeLessThan(500)
    }
  })

  it('answers a percent-encoded or overlong id in a path with 400, not a 5xx', async () => {
    const env = await testEnv()
    for (const id of ['%E0%A4%A', '..%2F..%2Fetc', 'a'.repeat(200), '%00']) {
      const res = await call(env, 'GET', `/api/v1/infra-backup/${id}`)
      expect(res.status, id).toBe(400)
    }
  })

  it('refuses an infra backup whose details are not the expected types', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/infra-backup', {
      body: { ...fixtureInfraBackup(), restic: 'hunter2' },
    })
    expect(res.status).toBe(400)
    expect(res.json.error.details[0].path).toBe('restic')
  })
})
