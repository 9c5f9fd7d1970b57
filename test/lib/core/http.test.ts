// Reading a request body (lib/core/http.ts): what arrives is the client's doing, however it ends.
import { describe, expect, it } from 'vitest'
import { router } from '../../../functions/routes.js'
import { GLOBAL_KEY, testEnv } from '../../support/env.js'

/** A POST whose body sends `sent` and then breaks off, as node:http's body does when the client goes away. */
function brokenOffRequest(path: string, sent: string, declared?: number): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(sent))
      controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
    },
  })
  const headers: Record<string, string> = {
    Authorization: `Bearer ${GLOBAL_KEY}`,
    'Content-Type': 'application/json',
  }
  if (declared !== undefined) headers['Content-Length'] = String(declared)
  return new Request(`http://hub.test${path}`, {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as RequestInit)
}

describe('a request body the client breaks off', () => {
  it.each([
    ['chunked', undefined],
    ['with a Content-Length it never reaches', 4096],
  ])('is a 400 in the error shape, not the hub’s 500 (%s)', async (_label, declared) => {
    const env = await testEnv()
    const res = await router.fetch(brokenOffRequest('/api/v1/event', '{"customer_id":"kov', declared), env)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: { code: 'validation_failed', message: 'the request body ended before it was complete' },
    })
    expect(env.log.lines.some((l) => l.includes('unhandled error'))).toBe(false)
  })
})
