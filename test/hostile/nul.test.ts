// A NUL character (U+0000, `\u0000` in JSON) in a string the hub stores as text would be cut there
// by the database driver: the hub would acknowledge one string and keep another. A body with a NUL
// in any string or key is refused with 400 validation_failed naming where, and nothing is stored
// (docs/api.md §1).
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

  it('refuses it in an unknown field and in a key too, and takes the text "\\u0000" as text', async () => {
    const env = await testEnv()
    const post = (body: object) => callJson(env, 'POST', '/api/v1/report', { body })
    const inUnknown = await post({ ...reportFor('nul-node'), zz_future: { notes: ['ok', 'a\u0000'] } })
    expect(inUnknown.status).toBe(400)
    expect(inUnknown.json.error.details).toEqual([
      { path: 'zz_future.notes[1]', message: expect.stringMatching(/NUL/) },
    ])
    const inKey = await post({ ...reportFor('nul-node'), zz_future: { 'k\u0000': 1 } })
    expect(inKey.status).toBe(400)
    expect(inKey.json.error.details[0].path).toBe('zz_future.k\u0000')
    // A backslash followed by "u0000" is six characters of text, not a NUL.
    const literal = await post({ ...reportFor('nul-node'), hostname: 'back\\u0000slash' })
    expect(literal.status).toBe(200)
    const stored = await callJson(env, 'GET', '/api/v1/customers/nul-node')
    expect(stored.json.report.hostname).toBe('back\\u0000slash')
  })

  it('still takes the same body without the NUL', async () => {
    const env = await testEnv()
    for (const c of CASES) {
      const body = JSON.parse(JSON.stringify(c.body).replaceAll('\\u0000', ' '))
      const res = await callJson(env, 'POST', c.path, { body })
      expect(res.status, c.path).toBeLessThan(300)
    }
  })
})
