// The real process: a real socket, SIGTERM with a request in flight, a bad hub.yaml.
import { request } from 'node:http'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from 'node:net'
import { createClient } from '@libsql/client'
import bcrypt from 'bcryptjs'
import { afterEach, describe, expect, it } from 'vitest'
import { reportFor } from '../support/fixtures.js'
import { goFleet, writeGoHubDb } from '../support/go-hub-db.js'
import { ROOT, runEntry, startHub, type HubProcess } from '../support/process.js'
import { HUB_VERSION } from '../../lib/core/version.js'

const KEY = 'process-test-global-key'
const PASSWORD = 'process-test dashboard password'
let hub: HubProcess | undefined
afterEach(() => {
  hub?.child.kill('SIGKILL')
  hub = undefined
})

/** Opens a TCP connection and closes it again; rejects with the socket's error. */
function tcpConnect(host: string, port: number) {
  return new Promise<void>((resolve, reject) => {
    const socket = connect(port, host, () => {
      socket.destroy()
      resolve()
    })
    socket.on('error', reject)
  })
}

describe('bin/server', () => {
  it('serves the API over a real socket on the embedded database', async () => {
    hub = await startHub({ HUB_API_REPORT_API_KEY: KEY })
    const health = await fetch(`${hub.url}/healthz`)
    expect(await health.json()).toEqual({ status: 'ok', version: HUB_VERSION })
    const res = await fetch(`${hub.url}/api/v1/report`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(reportFor('socket-test')),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const list = await (
      await fetch(`${hub.url}/api/v1/customers`, { headers: { Authorization: `Bearer ${KEY}` } })
    ).json()
    expect(list.customers[0].customer_id).toBe('socket-test')
    // The key never reaches the log.
    expect(hub.output()).not.toContain(KEY)
  })

  it('finishes a request in flight on SIGTERM, refuses new connections, closes the database and exits 0', async () => {
    hub = await startHub({ HUB_API_REPORT_API_KEY: KEY })
    const body = Buffer.from(JSON.stringify(reportFor('in-flight')))
    const url = new URL(`${hub.url}/api/v1/report`)
    // `Expect: 100-continue`: Node's server answers 100 when it hands the request to the hub's
    // handler, so the client knows the request is in flight before it sends SIGTERM.
    let continued!: () => void
    const inFlight = new Promise<void>((resolve) => (continued = resolve))
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: {
        Authorization: `Bearer ${KEY}`,
        'Content-Type': 'application/json',
        'Content-Length': body.length,
        Expect: '100-continue',
      },
    })
    const responded = new Promise<{ status: number; body: string; connection?: string }>(
      (resolve, reject) => {
        req.on('response', (res) => {
          let text = ''
          res.on('data', (d) => (text += d))
          res.on('end', () =>
            resolve({ status: res.statusCode!, body: text, connection: res.headers.connection }),
          )
        })
        req.on('error', reject)
      },
    )
    req.on('continue', continued)
    req.flushHeaders()
    await inFlight
    req.write(body.subarray(0, 100))

    hub.child.kill('SIGTERM')
    const [line] = await hub.waitForOutput(/^\{.*"msg":"shutting down".*$/m)
    expect(JSON.parse(line)).toMatchObject({ signal: 'SIGTERM', in_flight: 1 })
    // The hub closes its listener before it prints that line: a new connection is refused now.
    await expect(tcpConnect(url.hostname, Number(url.port))).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    req.end(body.subarray(100))

    const res = await responded
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body).ok).toBe(true)
    // The answer says the connection ends with it: the client does not send a next request into it.
    expect(res.connection).toBe('close')
    expect(await hub.exited).toBe(0)
    expect(hub.output()).toContain('"msg":"stopped"')

    const db = createClient({ url: `file:${join(hub.dataDir, 'data', 'hub.db')}` })
    const rs = await db.execute("SELECT count(*) AS n FROM customer_configs WHERE customer_id = 'in-flight'")
    expect(Number(rs.rows[0].n)).toBe(1)
    db.close()
  })

  it('ignores X-Forwarded-For and X-Forwarded-Proto from a peer that is not a trusted proxy', async () => {
    hub = await startHub({ HUB_AUTH_PASSWORD_HASH: await bcrypt.hash(PASSWORD, 4) })
    // The client claims https and a fresh address on every attempt; the hub sees its socket.
    const form = await loginForm(hub.url, { 'X-Forwarded-Proto': 'https' })
    expect(form.setCookie).not.toMatch(/Secure/)
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      statuses.push(await postLogin(hub.url, form, 'wrong password', { 'X-Forwarded-For': `192.0.2.${i}` }))
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    expect(await postLogin(hub.url, form, PASSWORD, { 'X-Forwarded-For': '198.51.100.1' })).toBe(429)
  })

  it('believes a trusted proxy: the client is the right-most X-Forwarded-For entry that is not a trusted proxy', async () => {
    hub = await startHub({
      HUB_AUTH_PASSWORD_HASH: await bcrypt.hash(PASSWORD, 4),
      HUB_SERVER_TRUSTED_PROXIES: '127.0.0.0/8,::1/128',
    })
    const form = await loginForm(hub.url, { 'X-Forwarded-Proto': 'https' })
    expect(form.setCookie).toMatch(/; Secure/)
    // What the client claimed, the address the edge proxy saw, then an inner proxy (trusted).
    const via = (claimed: string, client: string) => ({
      'X-Forwarded-For': `${claimed}, ${client}, 127.0.0.9`,
    })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      statuses.push(await postLogin(hub.url, form, 'wrong password', via(`192.0.2.${i}`, '203.0.113.7')))
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    // Another client behind the same proxies has its own allowance.
    expect(await postLogin(hub.url, form, PASSWORD, via('192.0.2.1', '203.0.113.8'))).toBe(303)
  })

  it('refuses to start on an invalid HUB_SERVER_TRUSTED_PROXIES entry, naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-badproxy-'))
    const vars = { HUB_SERVER_TRUSTED_PROXIES: '10.42.0.0/16,10.42.0.0/40', HUB_SERVER_DATA_DIR: dir }
    const { code, stderr } = await runEntry('bin/server.ts', [], vars, dir)
    expect(code).toBe(2)
    expect(stderr).toContain('server.trusted_proxies')
    expect(stderr).toContain('10.42.0.0/40')
  })

  it('leaves every acknowledged write in hub.db alone after a clean SIGTERM (the WAL checkpointed away)', async () => {
    hub = await startHub({ HUB_API_REPORT_API_KEY: KEY })
    const customers = Array.from({ length: 25 }, (_, i) => `wal-node-${i}`)
    for (const id of customers) {
      const res = await fetch(`${hub.url}/api/v1/report`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(reportFor(id)),
      })
      expect(res.status, id).toBe(200)
    }
    hub.child.kill('SIGTERM')
    expect(await hub.exited).toBe(0)

    const data = join(hub.dataDir, 'data')
    const wal = join(data, 'hub.db-wal')
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0)
    // A copy of hub.db alone, as a volume snapshot or a careless `cp` would take it.
    const alone = join(mkdtempSync(join(tmpdir(), 'felhom-hub-alone-')), 'hub.db')
    copyFileSync(join(data, 'hub.db'), alone)
    const db = createClient({ url: `file:${alone}` })
    const rs = await db.execute(
      "SELECT customer_id FROM customer_configs WHERE customer_id LIKE 'wal-node-%'",
    )
    expect(rs.rows.map((r) => r.customer_id).sort()).toEqual([...customers].sort())
    const reports =
      await db.execute(`SELECT count(*) AS n FROM reports JOIN customer_configs c ON c.ref = customer_ref
       WHERE c.customer_id LIKE 'wal-node-%'`)
    expect(Number(reports.rows[0].n)).toBe(customers.length)
    db.close()
  })

  it("starts on the Go hub's hub.yaml as it is, with only data_dir overridden as an operator would", async () => {
    hub = await startHub({
      HUB_CONFIG: join(ROOT, '../shared/fixtures/hub.go.yaml'),
      // The file's data_dir is /data: startHub sets HUB_SERVER_DATA_DIR to a temporary one, a free
      // port, and outside systems on a closed port, which is all it overrides.
    })
    const health = await fetch(`${hub.url}/healthz`)
    expect(health.status).toBe(200)
    const out = hub.output()
    // Every key of the file is understood: none is warned about as unknown and ignored.
    expect(out).not.toContain('unknown key')
    expect(out).not.toContain('ignored')
    expect(out).toContain(`"version":"${HUB_VERSION}"`)
    expect(out).toContain('"scheduler":"in-process"')
    hub.child.kill('SIGTERM')
    expect(await hub.exited).toBe(0)
  })

  it("refuses to start on the Go hub's own database, leaving the file as it was", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-godata-'))
    const goDb = join(dir, 'hub.db')
    writeGoHubDb(goDb, goFleet(Date.now()))
    const before = readFileSync(goDb)
    // The switch-day slip: the Go hub.yaml as it is, on the Go hub's volume.
    const { code, stderr } = await runEntry(
      'bin/server.ts',
      [],
      { HUB_CONFIG: join(ROOT, '../shared/fixtures/hub.go.yaml'), HUB_SERVER_DATA_DIR: dir },
      dir,
    )
    expect(code).toBe(2)
    expect(stderr).toContain("is the Go hub's database")
    expect(stderr).toContain('npm run import-go')
    expect(readFileSync(goDb).equals(before)).toBe(true)
    expect(existsSync(goDb + '-wal')).toBe(false)
  })

  it('refuses to start on an invalid hub.yaml, naming the key', async () => {
    const dir = (await import('node:fs')).mkdtempSync(
      join((await import('node:os')).tmpdir(), 'felhom-hub-badcfg-'),
    )
    writeFileSync(join(dir, 'hub.yaml'), 'alerting:\n  stale_threshold: "half an hour"\n')
    const { code, stderr } = await runEntry(
      'bin/server.ts',
      [],
      { HUB_CONFIG: join(dir, 'hub.yaml'), HUB_SERVER_DATA_DIR: dir },
      dir,
    )
    expect(code).toBe(2)
    expect(stderr).toContain('alerting.stale_threshold')
  })
})

interface LoginForm {
  cookie: string
  csrf: string
  setCookie: string
}

/** GET /login as a browser: the CSRF cookie (and its Set-Cookie line) and the form's token. */
async function loginForm(base: string, headers: Record<string, string>): Promise<LoginForm> {
  const res = await fetch(`${base}/login`, { headers })
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('hub_login_csrf='))!
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]
  return { cookie: setCookie.split(';')[0], csrf, setCookie }
}

async function postLogin(base: string, form: LoginForm, password: string, headers: Record<string, string>) {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie, ...headers },
    body: new URLSearchParams({ _csrf: form.csrf, password }),
  })
  await res.arrayBuffer()
  return res.status
}
