// A NUL character (U+0000, `\u0000` in JSON) in a string the hub stores as text would be cut there
// by the database driver: the hub would acknowledge one string and keep another. Such a string is
// refused with 400 validation_failed naming the field, and nothing is stored (docs/api.md §1).
import { describe, expect, it } from 'vitest'
import { testEnv } from '../support/env.js'
import { fixtureEvent, fixtureNotify, reportFor } from '../support/fixtures.js'
import { callJson } from '../support/http.js'
import { rowCounts } from '../support/rows.js'

const CASES = [
  {
    path: '/api/v1/report',
    body: { ...reportFor('nul-node'), hostname: 'nul\u0000host' },
    field: 'hostname',
  },
  {
    path: '/api/v1/event',
    body: { ...fixtureEvent('nul-node'), message: 'disk\u0000full' },
    field: 'message',
  },
  { path: '/api/v1/notify', body: { ...fixtureNotify('nul-node'), subject: 'a\u0000b' }, field: 'subject' },
  {
    path: '/api/v1/maintenance',
    body: { customer_id: 'nul-node', duration: '1h', reason: 'reboot\u0000now' },
    field: 'reason',
  },
]

describe('a NUL character in a stored string', () => {
  it.each(CASES.map((c) => [c.path, c] as const))(
    '%s refuses it, naming the field, and stores nothing',
    async (_path, c) => {
      const env = await testEnv()
      // The customer exists (a maintenance window needs one); what it holds is counted before.
      expect((await callJson(env, 'POST', '/api/v1/report', { body: reportFor('nul-node') })).status).toBe(
        200,
      )
      await env.settle()
      const before = await rowCounts(env)
      const res = await callJson(env, 'POST', c.path, { body: c.body })
      expect(res.status).toBe(400)
      expect(res.json.error.code).toBe('validation_failed')
      expect(res.json.error.details).toContainEqual({ path: c.field, message: expect.stringMatching(/NUL/) })
      await env.settle()
      expect(await rowCounts(env)).toEqual(before)
    },
  )

  it('still takes the same body without the NUL', async () => {
    const env = await testEnv()
    for (const c of CASES) {
      const body = JSON.parse(JSON.stringify(c.body).replaceAll('\\u0000', ' '))
      const res = await callJson(env, 'POST', c.path, { body })
      expect(res.status, c.path).toBeLessThan(300)
    }
  })
})
