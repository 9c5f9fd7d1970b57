// JSON nested deeper than 64 levels is 400 validation_failed on every route that reads JSON, and
// nothing of it is stored (docs/api.md §1). Deeper values used to be stored (reports) or end in a
// stack overflow (JSON.stringify of the parsed value), breaking the customer's read routes.
import { describe, expect, it } from 'vitest'
import { testEnv } from '../support/env.js'
import { jsonRoutes } from '../support/fixtures.js'
import { call, callJson } from '../support/http.js'
import { rowCounts } from '../support/rows.js'

/** The body's JSON with one more field, `nest` arrays deep, so the whole body nests `nest + 1` levels. */
function withNestedField(body: object, nest: number): string {
  return JSON.stringify(body).replace(/}$/, `,"zz_future":${'['.repeat(nest)}${']'.repeat(nest)}}`)
}

const ROUTES = jsonRoutes('deep-node')

describe('JSON nesting on every JSON route', () => {
  it.each(ROUTES.map((r) => [r.path, r] as const))(
    '%s refuses a body nested 5,000 levels deep in an unknown field, storing nothing',
    async (_path, route) => {
      const env = await testEnv()
      const res = await callJson(env, 'POST', route.path, { body: withNestedField(route.body, 5000) })
      expect(res.status).toBe(400)
      expect(res.json.error.code).toBe('validation_failed')
      expect(res.json.error.message).toMatch(/nested deeper than 64 levels/)
      expect(res.json.error.details).toEqual([
        { path: '(body)', message: expect.stringMatching(/deeper than 64 levels at byte \d+/) },
      ])
      await env.settle()
      expect(Object.values(await rowCounts(env)).every((n) => n === 0)).toBe(true)
      expect((await call(env, 'GET', '/api/v1/customers/deep-node')).status).toBe(404)
    },
  )

  it.each(ROUTES.map((r) => [r.path, r] as const))(
    '%s accepts 64 levels and refuses 65',
    async (_path, route) => {
      const env = await testEnv()
      const at64 = await callJson(env, 'POST', route.path, { body: withNestedField(route.body, 63) })
      expect(at64.status).toBe(route.ok)
      const at65 = await callJson(env, 'POST', route.path, { body: withNestedField(route.body, 64) })
      expect(at65.status).toBe(400)
      expect(at65.json.error.code).toBe('validation_failed')
    },
  )

  it('counts neither brackets inside strings nor escaped quotes as nesting', async () => {
    const env = await testEnv()
    const [report] = ROUTES
    const tricky = { ...report.body, zz_text: '\\"[[[' + '['.repeat(5000) + '{'.repeat(100) }
    expect((await call(env, 'POST', report.path, { body: tricky })).status).toBe(200)
    const back = await callJson(env, 'GET', '/api/v1/customers/deep-node')
    expect(back.status).toBe(200)
    expect(back.json.report.zz_text).toBe(tricky.zz_text)
  })

  it('keeps the customer readable when a too-deep report follows a good one', async () => {
    const env = await testEnv()
    const [report] = ROUTES
    expect((await call(env, 'POST', report.path, { body: report.body })).status).toBe(200)
    const deep = withNestedField({ ...report.body, timestamp: '2026-11-29T04:31:00Z' }, 5000)
    expect((await call(env, 'POST', report.path, { body: deep })).status).toBe(400)
    const back = await callJson(env, 'GET', '/api/v1/customers/deep-node')
    expect(back.status).toBe(200)
    expect(back.json.report).toEqual(report.body)
  })
})
