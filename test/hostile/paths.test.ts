// Path segments that are not customer ids: a 400, never a 5xx.
import { describe, expect, it } from 'vitest'
import { testEnv } from '../support/env.js'
import { call } from '../support/http.js'

describe('hostile path segments', () => {
  it('answers a percent-encoded or overlong id in a path with 400, not a 5xx', async () => {
    const env = await testEnv()
    for (const id of ['%E0%A4%A', '..%2F..%2Fetc', 'a'.repeat(200), '%00']) {
      const res = await call(env, 'GET', `/api/v1/infra-backup/${id}`)
      expect(res.status, id).toBe(400)
    }
  })
})
