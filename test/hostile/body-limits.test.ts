// Bodies over the limit against the real Node entry (docs/api.md §1): whether the client declared
// Content-Length, sent chunks or asked `Expect: 100-continue`, the 413 reaches it in the error
// shape with `Connection: close` before the connection closes, and the close is a FIN, not a reset.
// Seen through a raw socket, curl and undici, on a route of each family.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { router } from '../../functions/routes.js'
import { dashboardHash } from '../support/dashboard.js'
import { CRON_TOKEN, GLOBAL_KEY, testEnv } from '../support/env.js'
import { reportFor } from '../support/fixtures.js'
import { call, callJson } from '../support/http.js'
import { startHub, type HubProcess } from '../support/process.js'
import { chunked, curl, openRaw, type RawConnection, type RawResponse } from '../support/raw-http.js'

const KiB = 1024
/** Four times the 64 KiB limit: over it, yet small enough that the server reads the rest away. */
const OVER = new Uint8Array(256 * KiB).fill(0x61)

const ROUTES = [
  {
    family: 'API',
    path: '/api/v1/event',
    headers: { Authorization: `Bearer ${GLOBAL_KEY}`, 'Content-Type': 'application/json' },
  },
  { family: 'dashboard', path: '/login', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
  {
    family: 'internal',
    path: '/internal/cron/staleness',
    headers: { Authorization: `Bearer ${CRON_TOKEN}` },
  },
] as const
type Route = (typeof ROUTES)[number]
type Mode = 'Content-Length' | 'chunked' | 'Expect: 100-continue'
const MODES: Mode[] = ['Content-Length', 'chunked', 'Expect: 100-continue']
const CASES = ROUTES.flatMap((route) => MODES.map((mode) => [route.family, mode, route] as const))

let hub: HubProcess
let bodyFile: string
beforeAll(async () => {
  hub = await startHub({
    HUB_API_REPORT_API_KEY: GLOBAL_KEY,
    HUB_SERVER_CRON_TOKEN: CRON_TOKEN,
    HUB_AUTH_PASSWORD_HASH: await dashboardHash(),
  })
  bodyFile = join(mkdtempSync(join(tmpdir(), 'felhom-hostile-')), 'over.bin')
  writeFileSync(bodyFile, OVER)
})
afterAll(() => {
  hub?.child.kill('SIGKILL')
})

function head(route: Route, mode: Mode, length = OVER.length): string {
  const lines = [`POST ${route.path} HTTP/1.1`, `Host: ${new URL(hub.url).host}`]
  for (const [name, value] of Object.entries(route.headers)) lines.push(`${name}: ${value}`)
  if (mode === 'chunked') lines.push('Transfer-Encoding: chunked')
  else lines.push(`Content-Length: ${length}`)
  if (mode === 'Expect: 100-continue') lines.push('Expect: 100-continue')
  return lines.join('\r\n') + '\r\n\r\n'
}

/** Sends `body` the way `mode` says, returning the final answer (a client waits for 100 Continue). */
async function send(conn: RawConnection, route: Route, mode: Mode, body: Uint8Array): Promise<RawResponse> {
  conn.write(head(route, mode, body.length))
  if (mode === 'Expect: 100-continue') {
    const first = await conn.response()
    if (first.status !== 100) return first
    conn.write(body)
  } else {
    conn.write(mode === 'chunked' ? chunked(body) : body)
  }
  return conn.response()
}

function expectTooLarge(res: RawResponse | undefined) {
  expect(res?.status).toBe(413)
  expect(res?.headers.connection).toBe('close')
  expect(res?.headers['content-type']).toBe('application/json; charset=utf-8')
  expect(JSON.parse(res!.body)).toEqual({
    error: { code: 'payload_too_large', message: 'request body exceeds 65536 bytes' },
  })
}

describe('a body over the limit, on a raw socket', () => {
  it.each(CASES)(
    '%s route, %s: 413 with Connection: close, then a FIN, never a reset',
    async (_f, mode, route) => {
      const conn = await openRaw(hub.url)
      const res = await send(conn, route, mode, OVER)
      expectTooLarge(res)
      expect(await conn.closed).toEqual({ reset: false })
    },
  )

  it('does not ask for a body it refuses by its declared length: no 100 Continue before the 413', async () => {
    const conn = await openRaw(hub.url)
    conn.write(head(ROUTES[0], 'Expect: 100-continue'))
    expectTooLarge(await conn.response())
    expect(await conn.closed).toEqual({ reset: false })
  })

  it('asks for a chunked body with Expect (its size is unknown) and refuses it once past the limit', async () => {
    const conn = await openRaw(hub.url)
    conn.write(head(ROUTES[0], 'chunked').replace('\r\n\r\n', '\r\nExpect: 100-continue\r\n\r\n'))
    expect((await conn.response()).status).toBe(100)
    conn.write(chunked(OVER))
    expectTooLarge(await conn.response())
    expect(await conn.closed).toEqual({ reset: false })
  })

  it('keeps the connection for the next request after a body within the limit', async () => {
    const conn = await openRaw(hub.url)
    const ok = await send(conn, ROUTES[2], 'Content-Length', new TextEncoder().encode('{}'))
    expect(ok.status).toBe(200)
    expect(ok.headers.connection).not.toBe('close')
    conn.write(`GET /healthz HTTP/1.1\r\nHost: ${new URL(hub.url).host}\r\n\r\n`)
    expect((await conn.response()).status).toBe(200)
    conn.end()
    expect(await conn.closed).toEqual({ reset: false })
  })
})

describe('a body over the limit, from curl', () => {
  const CURL_MODE: Record<Mode, string[]> = {
    'Content-Length': ['-H', 'Expect:'],
    chunked: ['-H', 'Expect:', '-H', 'Transfer-Encoding: chunked'],
    'Expect: 100-continue': ['-H', 'Expect: 100-continue'],
  }

  it.each(CASES)('%s route, %s: curl receives the 413 and exits cleanly', async (_f, mode, route) => {
    const headers = Object.entries(route.headers).flatMap(([n, v]) => ['-H', `${n}: ${v}`])
    const result = await curl([
      ...headers,
      ...CURL_MODE[mode],
      '--data-binary',
      `@${bodyFile}`,
      `${hub.url}${route.path}`,
    ])
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)
    expectTooLarge(result.response)
  })

  it('receives the 413 while still uploading a body hundreds of times the limit', async () => {
    const huge = join(mkdtempSync(join(tmpdir(), 'felhom-hostile-')), 'huge.bin')
    writeFileSync(huge, new Uint8Array(32 * 1024 * KiB))
    const route = ROUTES[0]
    const headers = Object.entries(route.headers).flatMap(([n, v]) => ['-H', `${n}: ${v}`])
    for (const mode of MODES) {
      const result = await curl([
        ...headers,
        ...CURL_MODE[mode],
        '--data-binary',
        `@${huge}`,
        hub.url + route.path,
      ])
      expect(result.exitCode, `${mode}: ${result.stderr}`).toBe(0)
      expectTooLarge(result.response)
    }
  })
})

describe('a body over the limit, from undici (fetch)', () => {
  it.each(ROUTES)('$family route with Content-Length: fetch resolves with the 413', async (route) => {
    const res = await fetch(hub.url + route.path, { method: 'POST', headers: route.headers, body: OVER })
    expectTooLarge({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() })
  })

  it.each(ROUTES)('$family route, chunked: fetch resolves with the 413', async (route) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < OVER.length; i += 16 * KiB) controller.enqueue(OVER.slice(i, i + 16 * KiB))
        controller.close()
      },
    })
    const init = { method: 'POST', headers: route.headers, body, duplex: 'half' } as RequestInit
    const res = await fetch(hub.url + route.path, init)
    expectTooLarge({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() })
  })
})

describe('the limits of docs/api.md (§1), in process', () => {
  const MiB = 1024 * KiB
  const LIMITS: Record<string, number> = { '/api/v1/report': 1 * MiB, '/api/v1/infra-backup': 8 * MiB }
  const POST_ROUTES = router.routes
    .filter(([method]) => method === 'POST')
    .map(([, , , path]) => String(path).replace(':id', 'kovacs-csalad').replace(':job', 'staleness'))

  it.each(POST_ROUTES)(
    'POST %s refuses a declared length one byte over its limit before reading',
    async (path) => {
      const env = await testEnv()
      const limit = LIMITS[path] ?? 64 * KiB
      const res = await callJson(env, 'POST', path, {
        body: '{}',
        headers: { 'Content-Length': String(limit + 1) },
      })
      expect(res.status).toBe(413)
      expect(res.headers.get('connection')).toBe('close')
      expect(res.json.error).toEqual({
        code: 'payload_too_large',
        message: `request body exceeds ${limit} bytes`,
      })
    },
  )

  it('takes a report of exactly 1 MiB and refuses one byte more, however it arrives', async () => {
    const env = await testEnv()
    const bytes = (s: string) => new TextEncoder().encode(s).length
    const base = JSON.stringify(reportFor('limit-node', { padding: '' }))
    const exact = JSON.stringify(reportFor('limit-node', { padding: 'x'.repeat(MiB - bytes(base)) }))
    expect(bytes(exact)).toBe(MiB)
    expect((await call(env, 'POST', '/api/v1/report', { body: exact })).status).toBe(200)
    const over = exact.replace('"padding":"', '"padding":"x')
    const res = await callJson(env, 'POST', '/api/v1/report', { body: over })
    expect(res.status).toBe(413)
    expect(res.json.error.message).toBe(`request body exceeds ${MiB} bytes`)
  })

  it('reads the body of a cron call within the limit before running the job', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/internal/cron/staleness', {
      key: null,
      body: 'x'.repeat(64 * KiB + 1),
      headers: { Authorization: `Bearer ${CRON_TOKEN}` },
    })
    expect(res.status).toBe(413)
    const runs = await env.db.execute("SELECT count(*) AS n FROM job_runs WHERE job = 'staleness'")
    expect(runs.rows[0].n).toBe(0)
  })
})
