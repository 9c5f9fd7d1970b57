// A compressed request body (docs/api.md §1): the hub reads bodies only as sent, so any
// Content-Encoding but `identity` is a 415 in the error shape, on every route that takes a body,
// and nothing is stored.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { router } from '../../functions/routes.js'
import { testEnv, type TestEnv } from '../support/env.js'
import { fixtureReport, reportFor } from '../support/fixtures.js'
import { call, callJson } from '../support/http.js'

/** Every POST route of the table, with its parameters filled in. */
const POST_ROUTES = router.routes
  .filter(([method]) => method === 'POST')
  .map(([, , , path]) => String(path).replace(':id', 'kovacs-csalad').replace(':job', 'staleness'))

async function nothingStored(env: TestEnv) {
  const rs = await env.db.execute(
    'SELECT (SELECT count(*) FROM reports) AS r, (SELECT count(*) FROM customer_configs) AS c',
  )
  expect(rs.rows[0]).toMatchObject({ r: 0, c: 0 })
}

describe('a request body with a Content-Encoding', () => {
  it('covers the whole route table', () => {
    expect(POST_ROUTES).toEqual(
      expect.arrayContaining([
        '/api/v1/report',
        '/login',
        '/internal/cron/staleness',
        '/customers/kovacs-csalad/block',
      ]),
    )
  })

  it.each(POST_ROUTES)('POST %s with a gzip body is 415 unsupported_media_type', async (path) => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', path, {
      body: gzipSync(JSON.stringify({ customer_id: 'kovacs-csalad' })),
      headers: { 'Content-Encoding': 'gzip' },
    })
    expect(res.status).toBe(415)
    expect(res.json.error.code).toBe('unsupported_media_type')
    expect(res.json.error.message).toMatch(/Content-Encoding/)
  })

  it.each([
    ['gzip', (b: string) => gzipSync(b)],
    ['br', (b: string) => brotliCompressSync(b)],
    ['deflate', (b: string) => deflateSync(b)],
    ['GZIP', (b: string) => gzipSync(b)],
    ['identity, gzip', (b: string) => gzipSync(b)],
  ])('refuses a report sent with Content-Encoding: %s and stores nothing', async (encoding, compress) => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/report', {
      body: new Uint8Array(compress(JSON.stringify(fixtureReport()))),
      headers: { 'Content-Encoding': encoding },
    })
    expect(res.status).toBe(415)
    expect(res.json.error.code).toBe('unsupported_media_type')
    await nothingStored(env)
  })

  it('takes a body whose Content-Encoding is identity', async () => {
    const env = await testEnv()
    const res = await call(env, 'POST', '/api/v1/report', {
      body: reportFor('identity-node'),
      headers: { 'Content-Encoding': 'identity' },
    })
    expect(res.status).toBe(200)
  })

  it('ignores the header on a request without a body', async () => {
    const env = await testEnv()
    const res = await call(env, 'GET', '/healthz', { headers: { 'Content-Encoding': 'gzip' } })
    expect(res.status).toBe(200)
  })
})
