import { describe, expect, it } from 'vitest'
import { serve } from '../../functions/routes.js'
import { HUB_VERSION } from '../../lib/core/version.js'
import { testEnv } from '../support/env.js'
import { call, callJson } from '../support/http.js'

describe('the router frame', () => {
  it('answers an unknown route with 404 in the contract’s shape', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'GET', '/api/v1/nothing-here')
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ error: { code: 'not_found', message: 'route not found' } })
    expect(res.headers.get('x-request-id')).toBeTruthy()
  })

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'DELETE', '/api/v1/report')
    expect(res.status).toBe(405)
    expect(res.json.error.code).toBe('method_not_allowed')
    expect(res.headers.get('allow')).toBe('POST')
  })

  it('answers HEAD on a GET route as GET would, without the body (RFC 9110 §9.3.2)', async () => {
    const env = await testEnv()
    const head = await serve(new Request('http://hub.test/healthz', { method: 'HEAD' }), env)
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await head.text()).toBe('')
    const unauthorized = await serve(new Request('http://hub.test/api/v1/customers', { method: 'HEAD' }), env)
    expect(unauthorized.status).toBe(401)
  })

  it('names HEAD beside GET in Allow, and refuses HEAD where there is no GET', async () => {
    const env = await testEnv()
    const post = await serve(new Request('http://hub.test/healthz', { method: 'POST' }), env)
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    const head = await serve(new Request('http://hub.test/api/v1/report', { method: 'HEAD' }), env)
    expect(head.status).toBe(405)
    expect(head.headers.get('allow')).toBe('POST')
  })

  it('turns an unexpected failure into a 500 without a stack trace, logged with the request id', async () => {
    const env = await testEnv()
    env.db.close()
    const res = await call(env, 'GET', '/api/v1/customers', { headers: { 'X-Request-Id': 'req-42' } })
    expect(res.status).toBe(500)
    const body = await res.json()
    expect(body.error.code).toBe('internal')
    expect(JSON.stringify(body)).not.toMatch(/\.ts:|\bat\b.*\(/)
    expect(
      env.log.lines.some((l) => l.includes('"request_id":"req-42"') && l.includes('unhandled error')),
    ).toBe(true)
  })

  it('reports healthy while the database answers, 503 when it does not', async () => {
    const env = await testEnv()
    expect(await (await call(env, 'GET', '/healthz', { key: null })).json()).toEqual({
      status: 'ok',
      version: HUB_VERSION,
    })
    env.db.close()
    const res = await call(env, 'GET', '/healthz', { key: null })
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: 'unavailable' })
  })
})
