// The Worker entry at the edges (docs/api.md §1), in workerd through miniflare, on a raw socket: a body
// over the limit is answered 413 and the connection still serves the next request; a compressed
// body is 415. workerd drops a Worker's `Connection` header and closes on its own a connection
// whose request body was left unread, so the entry reads the rest (bounded) before answering.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWorker } from '../../scripts/build-worker.mjs'
import { HUB_VERSION } from '../../lib/core/version.js'
import { CRON_TOKEN, GLOBAL_KEY, SECRET_KEY } from '../support/env.js'
import { startHranaServer, type HranaServer } from '../support/hrana-server.js'
import { chunked, openRaw, type RawConnection, type RawResponse } from '../support/raw-http.js'

const wrangler = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8')
const compatibilityDate = /^compatibility_date\s*=\s*"(\d{4}-\d\d-\d\d)"/m.exec(wrangler)![1]

const OVER = new Uint8Array(256 * 1024).fill(0x61)

let dir: string
let hrana: HranaServer
let mf: Miniflare
let url: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'felhom-worker-edges-'))
  hrana = await startHranaServer(join(dir, 'hub.db'))
  const { outfile } = await buildWorker(join(dir, 'bundle', 'index.js'))
  mf = new Miniflare({
    modules: true,
    modulesRoot: join(dir, 'bundle'),
    scriptPath: outfile,
    compatibilityDate,
    bindings: {
      HUB_SERVER_DATABASE_URL: hrana.url,
      HUB_SERVER_SECRET_KEY: SECRET_KEY,
      HUB_SERVER_CRON_TOKEN: CRON_TOKEN,
      HUB_API_REPORT_API_KEY: GLOBAL_KEY,
      LOG_LEVEL: 'error',
    },
  })
  url = (await mf.ready).href
}, 60_000)

afterAll(async () => {
  await mf?.dispose()
  await hrana?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function post(path: string, mode: 'Content-Length' | 'chunked', extra: string[] = []): string {
  return [
    `POST ${path} HTTP/1.1`,
    'Host: hub.test',
    `Authorization: Bearer ${GLOBAL_KEY}`,
    'Content-Type: application/json',
    mode === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${OVER.length}`,
    ...extra,
    '',
    '',
  ].join('\r\n')
}

async function healthzOn(conn: RawConnection): Promise<RawResponse> {
  conn.write('GET /healthz HTTP/1.1\r\nHost: hub.test\r\n\r\n')
  return conn.response()
}

function expectTooLarge(res: RawResponse) {
  expect(res.status).toBe(413)
  expect(JSON.parse(res.body)).toEqual({
    error: { code: 'payload_too_large', message: 'request body exceeds 65536 bytes' },
  })
}

describe('the Worker and a body over the limit', () => {
  it.each(['Content-Length', 'chunked'] as const)(
    'answers 413 (%s) and then the next request on the same connection',
    async (mode) => {
      const conn = await openRaw(url)
      conn.write(post('/api/v1/event', mode))
      conn.write(mode === 'chunked' ? chunked(OVER) : OVER)
      expectTooLarge(await conn.response())
      const next = await healthzOn(conn)
      expect(next.status).toBe(200)
      expect(JSON.parse(next.body)).toEqual({ status: 'ok', version: HUB_VERSION })
      conn.end()
      expect(await conn.closed).toEqual({ reset: false })
    },
  )

  it('answers 413 without asking for the body when the client waits for 100 Continue', async () => {
    const conn = await openRaw(url)
    conn.write(post('/api/v1/event', 'Content-Length', ['Expect: 100-continue']))
    expectTooLarge(await conn.response())
    expect(await conn.closed).toEqual({ reset: false })
  })

  it('limits the internal routes too: a cron call with a large body runs no job', async () => {
    const conn = await openRaw(url)
    conn.write(post('/internal/cron/staleness', 'chunked').replace(GLOBAL_KEY, CRON_TOKEN))
    conn.write(chunked(OVER))
    expectTooLarge(await conn.response())
    expect((await healthzOn(conn)).status).toBe(200)
    conn.end()
  })
})

describe('the Worker and a compressed body', () => {
  it('answers 415 in the error shape', async () => {
    const res = await mf.dispatchFetch('http://hub.test/api/v1/event', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${GLOBAL_KEY}`,
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
      },
      body: gzipSync('{}'),
    })
    expect(res.status).toBe(415)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type')
  })
})

describe('the Worker and a malformed request line', () => {
  it.each(['a b', '[::1', 'x:99999', '%'])(
    'Host: %s is refused before the Worker runs (by workerd), without a stack trace or a path',
    async (host) => {
      const conn = await openRaw(url)
      conn.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
      const res = await conn.response()
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.body).not.toMatch(/\bat |node_modules|\.ts\b|\.js\b|file:|\/work\//)
    },
  )

  it.each([
    ['two Host lines', 'GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n'],
    ['no Host', 'GET /healthz HTTP/1.1\r\n'],
    ['an absolute-form target', 'GET http://hub.test/healthz HTTP/1.1\r\nHost: hub.test\r\n'],
    ['a header line without a colon', 'GET /healthz HTTP/1.1\r\nHost: hub.test\r\nBad Header\r\n'],
    ['an unknown method', 'GARBAGE\r\n'],
    [
      'two Content-Length values',
      'POST /api/v1/event HTTP/1.1\r\nHost: hub.test\r\nContent-Length: 5\r\nContent-Length: 6\r\n',
    ],
    ['a negative Content-Length', 'POST /api/v1/event HTTP/1.1\r\nHost: hub.test\r\nContent-Length: -1\r\n'],
    [
      'Transfer-Encoding: gzip',
      'POST /api/v1/event HTTP/1.1\r\nHost: hub.test\r\nTransfer-Encoding: gzip\r\n',
    ],
  ])(
    '%s is refused before the Worker runs (by workerd), without a stack trace or a path',
    async (_what, head) => {
      const conn = await openRaw(url)
      conn.write(`${head}Connection: close\r\n\r\n`)
      const res = await conn.response()
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.body).not.toMatch(/\bat |node_modules|\.ts\b|\.js\b|file:|\/work\//)
    },
  )
})
