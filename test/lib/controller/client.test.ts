import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import {
  applyConfig,
  controllerBaseUrl,
  deliveryOf,
  fetchLiveConfig,
  requestUpdate,
} from '../../../lib/controller/client.js'
import type { Customer } from '../../../lib/store/customers.js'
import { testEnv } from '../../support/env.js'
import {
  FAKE_CONTROLLER_KEY,
  startFakeController,
  type FakeController,
} from '../../support/fake-controller.js'
import { fixtureTemplate } from '../../support/fixtures.js'

const KEY = FAKE_CONTROLLER_KEY
const FAST = { timeoutMs: 300 }

function customer(patch: Partial<Customer> = {}): Customer {
  return {
    ref: 1,
    customerId: 'kovacs-csalad',
    displayName: 'Kovács család',
    configType: 'managed',
    blocked: false,
    domain: 'kovacs-csalad.felhom.eu',
    controllerUrl: '',
    monitoringOverrides: {},
    hasCredentials: true,
    createdAt: 0,
    updatedAt: 0,
    lastReportAt: null,
    latestReportId: null,
    controllerVersion: '1.8.2',
    hostname: null,
    health: null,
    monitoringEnabled: null,
    reportedControllerUrl: null,
    backupEnabled: null,
    dbdumpEnabled: null,
    ...patch,
  }
}

let fake: FakeController | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function setup(envOpts: Parameters<typeof testEnv>[0] = {}) {
  fake = await startFakeController()
  const env = await testEnv(envOpts)
  return { env, fake, c: customer({ controllerUrl: fake.url }) }
}

describe('controllerBaseUrl', () => {
  it('prefers the pinned URL, then the reported one, else none', () => {
    expect(
      controllerBaseUrl(customer({ controllerUrl: 'https://a.eu', reportedControllerUrl: 'https://b.eu' })),
    ).toBe('https://a.eu')
    expect(controllerBaseUrl(customer({ controllerUrl: '', reportedControllerUrl: 'https://b.eu' }))).toBe(
      'https://b.eu',
    )
    expect(controllerBaseUrl(customer({ controllerUrl: '  ', reportedControllerUrl: null }))).toBeNull()
  })
})

describe('fetchLiveConfig', () => {
  it('returns the live YAML, sent with the Bearer key and a YAML Accept header', async () => {
    const { env, fake, c } = await setup()
    const r = await fetchLiveConfig(env, c, KEY)
    expect(r).toEqual({ ok: true, value: fixtureTemplate() })
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/api/config' })
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${KEY}`)
    expect(fake.requests[0].headers.accept).toMatch(/application\/yaml/)
  })

  it('uses the reported controller URL when none is pinned, keeping its path prefix', async () => {
    const { env, fake } = await setup()
    const r = await fetchLiveConfig(env, customer({ reportedControllerUrl: `${fake.url}/` }), KEY)
    expect(r.ok).toBe(true)
    expect(fake.requests[0].path).toBe('/api/config')
  })

  it('answers no_url when no controller URL is known, without any request', async () => {
    const { env, fake } = await setup()
    const r = await fetchLiveConfig(env, customer(), KEY)
    expect(r).toMatchObject({
      ok: false,
      reason: 'no_url',
      message: expect.stringContaining('No controller URL'),
    })
    expect(fake.requests).toHaveLength(0)
  })

  it('reports an HTML page as a bad response rather than a config', async () => {
    const { env, fake, c } = await setup()
    fake.liveConfig = '<html><body>login</body></html>'
    const r = await fetchLiveConfig(env, c, KEY)
    expect(r).toMatchObject({ ok: false, reason: 'bad_response', status: 200 })
  })

  it('reports a live config that is not valid YAML as a bad response', async () => {
    const { env, fake, c } = await setup()
    fake.liveConfig = 'customer:\n  id: "unterminated\n'
    const r = await fetchLiveConfig(env, c, KEY)
    expect(r).toMatchObject({
      ok: false,
      reason: 'bad_response',
      message: expect.stringContaining('not valid YAML'),
    })
  })

  it('stops reading a body over the size cap', async () => {
    const { env, fake, c } = await setup()
    fake.liveConfig = `a: "${'x'.repeat(2000)}"\n`
    const r = await fetchLiveConfig(env, c, KEY, { maxBodyBytes: 1000 })
    expect(r).toMatchObject({
      ok: false,
      reason: 'bad_response',
      message: expect.stringContaining('larger than 1000 bytes'),
    })
    const big = await fetchLiveConfig(env, c, KEY, { maxBodyBytes: 1024 * 1024 })
    expect(big.ok).toBe(true)
  })

  it('does not follow a redirect', async () => {
    const { env, fake, c } = await setup()
    fake.setMode('config', 'redirect')
    const r = await fetchLiveConfig(env, c, KEY)
    expect(r).toMatchObject({
      ok: false,
      reason: 'bad_response',
      status: 302,
      message: expect.stringContaining('redirect'),
    })
    expect(fake.requests.map((q) => q.path)).toEqual(['/api/config'])
  })

  it('times out against a controller that never answers', async () => {
    const { env, fake, c } = await setup()
    fake.setMode('config', 'hang')
    const r = await fetchLiveConfig(env, c, KEY, FAST)
    expect(r).toEqual({
      ok: false,
      reason: 'timeout',
      message: 'The controller did not answer within 300 ms.',
    })
  })

  it('words a whole-second deadline in seconds', async () => {
    const { env, fake, c } = await setup()
    fake.setMode('config', 'hang')
    const r = await fetchLiveConfig(env, c, KEY, { timeoutMs: 1000 })
    expect(r).toMatchObject({ reason: 'timeout', message: 'The controller did not answer within 1 second.' })
  })

  it('calls a closed port unreachable', async () => {
    const { env, fake, c } = await setup()
    await fake.close()
    const r = await fetchLiveConfig(env, c, KEY)
    expect(r).toMatchObject({
      ok: false,
      reason: 'unreachable',
      message: expect.stringContaining('connection refused'),
    })
  })

  it('reports a refused key as unauthorized', async () => {
    const { env, c } = await setup()
    const r = await fetchLiveConfig(env, c, 'some-other-key-0123456789')
    expect(r).toEqual({
      ok: false,
      reason: 'unauthorized',
      status: 401,
      message: "The controller refused the hub's API key (401).",
    })
  })

  it('refuses a loopback controller when private addresses are not allowed, sending nothing', async () => {
    const { env, fake, c } = await setup({ config: { controllers: { allow_private_addresses: false } } })
    const r = await fetchLiveConfig(env, c, KEY)
    expect(r).toMatchObject({ ok: false, reason: 'private_address' })
    expect(fake.requests).toHaveLength(0)
  })

  it('refuses a name that resolves to a private address, sending nothing', async () => {
    const { env, fake } = await setup({ config: { controllers: { allow_private_addresses: false } } })
    env.resolveHost = async () => ['192.168.1.20']
    const r = await fetchLiveConfig(env, customer({ controllerUrl: 'http://ctl.example.com:8090' }), KEY)
    expect(r).toMatchObject({
      ok: false,
      reason: 'private_address',
      message: expect.stringContaining('192.168.1.20'),
    })
    expect(fake.requests).toHaveLength(0)
  })

  it('calls a malformed controller URL invalid', async () => {
    const { env } = await setup()
    const r = await fetchLiveConfig(env, customer({ controllerUrl: 'gopher://ctl.example.com' }), KEY)
    expect(r).toMatchObject({ ok: false, reason: 'invalid_url' })
  })
})

describe('applyConfig', () => {
  it('posts the YAML as application/yaml and succeeds on {"ok":true}', async () => {
    const { env, fake, c } = await setup()
    const yaml = fixtureTemplate().replace('language: "hu"', 'language: "en"')
    expect(await applyConfig(env, c, KEY, yaml)).toEqual({ ok: true, value: undefined })
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/api/config/apply', body: yaml })
    expect(fake.requests[0].headers['content-type']).toBe('application/yaml')
    expect(fake.liveConfig).toBe(yaml)
  })

  it("carries the controller's own message when it rejects the config", async () => {
    const { env, fake, c } = await setup()
    fake.setMode('apply', {
      status: 422,
      code: 'validation_failed',
      message: 'backup.schedule: "25:00" is not a time',
    })
    const r = await applyConfig(env, c, KEY, fixtureTemplate())
    expect(r).toEqual({
      ok: false,
      reason: 'rejected',
      status: 422,
      message: 'The controller rejected the config: backup.schedule: "25:00" is not a time (422).',
    })
  })

  it('reports a controller crash as a failure with its status', async () => {
    const { env, fake, c } = await setup()
    fake.setMode('apply', { status: 500, message: 'disk full' })
    const r = await applyConfig(env, c, KEY, fixtureTemplate())
    expect(r).toMatchObject({
      ok: false,
      reason: 'rejected',
      status: 500,
      message: expect.stringContaining('disk full'),
    })
  })

  it('is rejected by the real controller behaviour for YAML that does not parse', async () => {
    const { env, c } = await setup()
    const r = await applyConfig(env, c, KEY, 'customer: [unclosed')
    expect(r).toMatchObject({
      ok: false,
      reason: 'rejected',
      status: 400,
      message: expect.stringContaining('not valid YAML'),
    })
  })

  it('reports 401 as unauthorized and a hang as a timeout', async () => {
    const { env, fake, c } = await setup()
    fake.setMode('apply', 'unauthorized')
    expect(await applyConfig(env, c, KEY, 'a: 1')).toMatchObject({
      ok: false,
      reason: 'unauthorized',
      status: 401,
    })
    fake.setMode('apply', 'hang')
    expect(await applyConfig(env, c, KEY, 'a: 1', FAST)).toMatchObject({ ok: false, reason: 'timeout' })
  })

  it('does not follow a redirect with the config', async () => {
    const { env, fake, c } = await setup()
    fake.setMode('apply', 'redirect')
    expect(await applyConfig(env, c, KEY, 'a: 1')).toMatchObject({
      ok: false,
      reason: 'bad_response',
      status: 302,
    })
    expect(fake.requests.some((q) => q.path === '/redirected')).toBe(false)
  })
})

describe('requestUpdate', () => {
  it('posts the version as JSON and succeeds on 202', async () => {
    const { env, fake, c } = await setup()
    expect(await requestUpdate(env, c, KEY, '1.9.0')).toEqual({ ok: true, value: undefined })
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/api/update' })
    expect(JSON.parse(fake.requests[0].body)).toEqual({ version: '1.9.0' })
    expect(fake.requests[0].headers['content-type']).toBe('application/json')
    expect(fake.updates).toEqual(['1.9.0'])
  })

  it('reports every failure as a result, never an exception', async () => {
    const { env, fake, c } = await setup()
    fake.setMode('update', { status: 409, code: 'busy', message: 'an update is already running' })
    expect(await requestUpdate(env, c, KEY, '1.9.0')).toMatchObject({
      reason: 'rejected',
      message: 'The controller rejected the update request: an update is already running (409).',
    })
    fake.setMode('update', 'hang')
    expect(await requestUpdate(env, c, KEY, '1.9.0', FAST)).toMatchObject({ reason: 'timeout' })
    fake.setMode('update', 'redirect')
    expect(await requestUpdate(env, c, KEY, '1.9.0')).toMatchObject({ reason: 'bad_response' })
    expect(fake.updates).toEqual([])
  })
})

describe('logging', () => {
  it('logs each call with customer, path, status and outcome, and never the API key', async () => {
    const { env, fake, c } = await setup()
    await fetchLiveConfig(env, c, KEY)
    fake.setMode('apply', { status: 422, message: `bad key ${KEY}` }) // a controller echoing the key back
    const rejected = await applyConfig(env, c, KEY, 'a: 1')
    await fetchLiveConfig(env, c, 'wrong-key-0123456789')
    fake.setMode('update', 'hang')
    await requestUpdate(env, c, KEY, '1.9.0', FAST)

    const entries = env.log.lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'controller call')
    expect(entries.map((e) => [e.customer_id, e.path, e.status, e.outcome])).toEqual([
      ['kovacs-csalad', '/api/config', 200, 'ok'],
      ['kovacs-csalad', '/api/config/apply', 422, 'rejected'],
      ['kovacs-csalad', '/api/config', 401, 'unauthorized'],
      ['kovacs-csalad', '/api/update', undefined, 'timeout'],
    ])
    expect(env.log.lines.join('\n')).not.toContain(KEY)
    expect(!rejected.ok && rejected.message).toContain('[redacted]')
    expect(!rejected.ok && rejected.message).not.toContain(KEY)
  })
})

describe('against a misbehaving server', () => {
  // Behaviours the fake controller does not offer: a raw node:http server for each.
  async function rawServer(handler: (res: ServerResponse) => void) {
    const server = createServer((_req, res) => handler(res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => {
      server.closeAllConnections()
      server.close()
    })
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
  const cleanup: (() => void)[] = []
  afterEach(() => cleanup.splice(0).forEach((f) => f()))

  it('times out when the body stalls after the headers', async () => {
    const url = await rawServer((res) => {
      res.writeHead(200, { 'Content-Type': 'application/yaml' })
      res.write('customer:\n') // and never ends
    })
    const env = await testEnv()
    const r = await fetchLiveConfig(env, customer({ controllerUrl: url }), KEY, FAST)
    expect(r).toMatchObject({ ok: false, reason: 'timeout' })
  })

  it('stops reading a chunked body without a length once it passes the cap', async () => {
    const url = await rawServer((res) => {
      res.writeHead(200, { 'Content-Type': 'application/yaml' })
      const line = `k: "${'x'.repeat(1000)}"\n`
      for (let i = 0; i < 40; i++) res.write(line)
      res.end()
    })
    const env = await testEnv()
    const r = await fetchLiveConfig(env, customer({ controllerUrl: url }), KEY, { maxBodyBytes: 10_000 })
    expect(r).toMatchObject({
      ok: false,
      reason: 'bad_response',
      message: expect.stringContaining('larger than 10000 bytes'),
    })
  })

  it('calls a body that is not UTF-8 a bad response', async () => {
    const url = await rawServer((res) => {
      res.writeHead(200, { 'Content-Type': 'application/yaml' })
      res.end(Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]))
    })
    const env = await testEnv()
    const r = await fetchLiveConfig(env, customer({ controllerUrl: url }), KEY)
    expect(r).toMatchObject({ ok: false, reason: 'bad_response', message: expect.stringContaining('UTF-8') })
  })

  it('calls a push answered 200 without {"ok":true} a bad response', async () => {
    const url = await rawServer((res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end('<html>welcome</html>')
    })
    const env = await testEnv()
    const r = await applyConfig(env, customer({ controllerUrl: url }), KEY, 'a: 1')
    expect(r).toMatchObject({ ok: false, reason: 'bad_response', status: 200 })
  })
})

describe('deliveryOf', () => {
  it('tells a request that certainly never left from one that may have arrived', async () => {
    const { env, fake, c } = await setup()
    expect(deliveryOf(await requestUpdate(env, c, KEY, '1.9.0'))).toBe('accepted')
    fake.setMode('update', { status: 409, message: 'busy' })
    expect(deliveryOf(await requestUpdate(env, c, KEY, '1.9.0'))).toBe('refused')
    fake.setMode('update', { status: 502, message: 'tunnel down' })
    expect(deliveryOf(await requestUpdate(env, c, KEY, '1.9.0'))).toBe('refused')
    fake.setMode('update', 'hang')
    expect(deliveryOf(await requestUpdate(env, c, KEY, '1.9.0', FAST))).toBe('unknown')
    expect(deliveryOf(await requestUpdate(env, customer({ controllerUrl: '' }), KEY, '1.9.0'))).toBe(
      'not_sent',
    )
    // fetch refuses a blocked port itself, before connecting.
    const blocked = customer({ controllerUrl: 'http://127.0.0.1:9' })
    expect(await requestUpdate(env, blocked, KEY, '1.9.0')).toMatchObject({
      reason: 'unreachable',
      notSent: true,
    })
    // A port nothing listens on (never connected to, so no pooled connection goes stale).
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`
    await new Promise<void>((r) => probe.close(() => r()))
    const refused = await requestUpdate(env, customer({ controllerUrl: closed }), KEY, '1.9.0')
    expect(refused).toMatchObject({ reason: 'unreachable', notSent: true })
    expect(deliveryOf(refused)).toBe('not_sent')
  })
})
