// Bodies that are not what a JSON route reads: a 4xx, never a 5xx.
import { describe, expect, it } from 'vitest'
import { testEnv } from '../support/env.js'
import { fixtureInfraBackup } from '../support/fixtures.js'
import { call, callJson } from '../support/http.js'

describe('malformed bodies', () => {
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

  it('refuses an infra backup whose details are not the expected types', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/infra-backup', {
      body: { ...fixtureInfraBackup(), restic: 'hunter2' },
    })
    expect(res.status).toBe(400)
    expect(res.json.error.details[0].path).toBe('restic')
  })
})
