// Malformed request lines and Host headers against the real Node entry (docs/api.md §1): each is
// a 400 in the error shape, rendered by the hub, never a plain-text stack trace with file paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveRouter, type HubRouter } from '../../functions/app.js'
import { serve } from '../../functions/routes.js'
import { HUB_VERSION } from '../../lib/core/version.js'
import { testEnv } from '../support/env.js'
import { startHub, type HubProcess } from '../support/process.js'
import { openRaw, type RawResponse } from '../support/raw-http.js'

let hub: HubProcess
beforeAll(async () => {
  hub = await startHub()
})
afterAll(() => {
  hub?.child.kill('SIGKILL')
})

/** Sends `request` as is and returns the answer (the server may close right after it). */
async function exchange(request: string): Promise<RawResponse> {
  const conn = await openRaw(hub.url)
  conn.write(request)
  const res = await conn.response()
  conn.end()
  return res
}

function expectBadRequest(res: RawResponse) {
  expect(res.status).toBe(400)
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
  const body = JSON.parse(res.body)
  expect(body.error.code).toBe('validation_failed')
  expect(Object.keys(body)).toEqual(['error'])
  expect(res.body).not.toMatch(/\bat |node_modules|\.ts\b|\.js\b|file:|\/work\//)
}

describe('a malformed Host header', () => {
  it.each(['a b', '[::1', 'x:99999', '%', 'x/admin', 'x?q', 'user@x', 'x#f'])(
    'Host: %s is a 400 in the error shape',
    async (host) => {
      expectBadRequest(await exchange(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`))
    },
  )

  it('is a 400 when the request carries two Host lines (RFC 9112 §3.2), even naming the same host', async () => {
    const host = new URL(hub.url).host
    for (const second of ['evil.example', host]) {
      expectBadRequest(
        await exchange(
          `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nHost: ${second}\r\nConnection: close\r\n\r\n`,
        ),
      )
    }
  })

  it('is a 400 when an HTTP/1.1 request has no Host at all', async () => {
    expectBadRequest(await exchange('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n'))
  })

  it('accepts an HTTP/1.0 request without Host, which that version allows', async () => {
    const res = await exchange('GET /healthz HTTP/1.0\r\n\r\n')
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({ status: 'ok', version: HUB_VERSION })
  })

  it('accepts a host name with a port, an IPv6 literal and a bare name', async () => {
    for (const host of ['hub.felhom.eu:443', '[::1]:8080', 'localhost']) {
      const res = await exchange(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
      expect(res.status, host).toBe(200)
    }
  })
})

describe('a request target the hub does not serve', () => {
  it.each([
    ['an absolute-form target', 'GET http://evil.example/healthz HTTP/1.1'],
    ['the asterisk form', 'GET * HTTP/1.1'],
    ['an authority-form target', 'GET evil.example:443 HTTP/1.1'],
  ])('%s is a 400 in the error shape', async (_label, line) => {
    const host = new URL(hub.url).host
    expectBadRequest(await exchange(`${line}\r\nHost: ${host}\r\nConnection: close\r\n\r\n`))
  })
})

describe('a request line or header Node cannot parse', () => {
  it.each([
    ['garbage instead of a request line', 'GARBAGE\r\n\r\n'],
    ['a space inside the target', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n'],
  ])('%s is a 400 in the error shape, and the connection closes', async (_label, request) => {
    const conn = await openRaw(hub.url)
    conn.write(request)
    const res = await conn.response()
    expectBadRequest(res)
    expect(res.headers.connection).toBe('close')
    expect((await conn.closed).reset).toBe(false)
  })
})

describe('the guard both entries serve through (functions/app.ts)', () => {
  it('answers a malformed Host with 400 before the router sees it', async () => {
    const env = await testEnv()
    const res = await serve(new Request('http://hub.test/healthz', { headers: { Host: 'x?q' } }), env)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed')
  })

  it('turns anything thrown outside the router into a 500 in the error shape, logged, with no stack', async () => {
    const env = await testEnv()
    const broken = {
      fetch: () => {
        throw new Error('boom in /work/functions/app.ts')
      },
    } as unknown as HubRouter
    const res = await serveRouter(broken)(new Request('http://hub.test/healthz'), env)
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'internal error' } })
    expect(text).not.toMatch(/boom|\/work\//)
    expect(env.log.lines.some((l) => l.includes('unhandled error outside the router'))).toBe(true)
  })
})
