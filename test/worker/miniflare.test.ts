// The Worker build, bundled as it is deployed and run in workerd (miniflare) against a libSQL
// server over HTTP on a temp file: the same routes and the cron trigger must work there too.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import Database from 'libsql'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildWorker } from '../../scripts/build-worker.mjs'
import { HUB_VERSION } from '../../lib/core/version.js'
import { GLOBAL_KEY, SECRET_KEY, CRON_TOKEN } from '../support/env.js'
import { fixtureInfraBackup, fixtureReport } from '../support/fixtures.js'
import { startHranaServer, type HranaServer } from '../support/hrana-server.js'

// Run with what wrangler.toml deploys: its compatibility date and its cron trigger.
const wrangler = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8')
const compatibilityDate = /^compatibility_date\s*=\s*"(\d{4}-\d\d-\d\d)"/m.exec(wrangler)![1]
const cron = /^crons\s*=\s*\["([^"]+)"\]/m.exec(wrangler)![1]

let dir: string
let dbPath: string
let hrana: HranaServer
let mf: Miniflare

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'felhom-worker-'))
  dbPath = join(dir, 'hub.db')
  hrana = await startHranaServer(dbPath)
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
      // Cost 4 keeps the test fast; the point is that bcryptjs runs in workerd at all.
      HUB_AUTH_PASSWORD_HASH: bcrypt.hashSync(PASSWORD, 4),
      // Outbound calls of the hourly jobs go nowhere reachable: fail fast instead of waiting.
      HUB_REGISTRY_URL: 'http://127.0.0.1:9',
      HUB_REGISTRY_TEMPLATE_URL: 'http://127.0.0.1:9/controller.yaml.example',
      LOG_LEVEL: 'warn',
    },
  })
  await mf.ready
}, 60_000)

afterAll(async () => {
  await mf?.dispose()
  await hrana?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const PASSWORD = 'correct horse battery staple'
const auth = { Authorization: `Bearer ${GLOBAL_KEY}` }

/**
 * Posts the fixture report for `customerId` through the Worker. The Worker and its database live
 * for the whole file, so each test reports under its own customer id and never relies on what an
 * earlier test stored (each one runs alone with -t).
 */
async function report(customerId: string) {
  return mf.dispatchFetch('http://hub.test/api/v1/report', {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...fixtureReport(), customer_id: customerId }),
  })
}

/** Reads the database file directly, beside the server's connection (WAL lets both in). */
function query(sql: string): Record<string, unknown>[] {
  const db = new Database(dbPath)
  try {
    return db.prepare(sql).all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

describe('the Worker in miniflare', () => {
  it('answers /healthz once the database is migrated over HTTP', async () => {
    const res = await mf.dispatchFetch('http://hub.test/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', version: HUB_VERSION })
    expect(query('SELECT name FROM schema_migrations').map((r) => r.name)).toContain('0001_initial')
    expect(hrana.requests).toContain('batch')
  })

  it('ingests the fixture report with the global key and stores it in the file', async () => {
    const res = await report('ingested-node')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { ok: boolean; received_at: string }
    expect(body.ok).toBe(true)
    expect(body.received_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const rows = query("SELECT customer_id FROM customer_configs WHERE customer_id = 'ingested-node'")
    expect(rows).toHaveLength(1)
  })

  it('stores every one of concurrent reports, each answered only once it is stored', async () => {
    const ids = Array.from({ length: 24 }, (_, i) => `concurrent-${i}`)
    const answers = await Promise.all(ids.map((id) => report(id)))
    expect(answers.map((r) => r.status)).toEqual(ids.map(() => 200))
    const stored = query(`SELECT c.customer_id, c.latest_report_id, count(r.id) AS reports
      FROM customer_configs c JOIN reports r ON r.customer_ref = c.ref
      WHERE c.customer_id LIKE 'concurrent-%' GROUP BY c.customer_id`)
    expect(stored.map((r) => r.customer_id).sort()).toEqual([...ids].sort())
    for (const row of stored) {
      expect(row.reports).toBe(1)
      expect(row.latest_report_id).not.toBeNull()
    }
    const samples =
      query(`SELECT count(*) AS n FROM samples s JOIN customer_configs c ON c.ref = s.customer_ref
      WHERE c.customer_id LIKE 'concurrent-%'`)
    expect(samples[0].n).toBe(ids.length)
  })

  it('gives each of a dozen concurrent infra backups of one customer its own version, none a 500', async () => {
    const push = (second: number) =>
      mf.dispatchFetch('http://hub.test/api/v1/infra-backup', {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          ...fixtureInfraBackup(),
          customer_id: 'concurrent-backups',
          created_at: `2026-11-29T00:00:${String(second).padStart(2, '0')}Z`,
        }),
      })
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => push(i)))
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201))
    const versions = await Promise.all(
      answers.map(async (r) => ((await r.json()) as { version: number }).version),
    )
    expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
  })

  it('lists the reporting customer', async () => {
    expect((await report('listed-node')).status).toBe(200)
    const res = await mf.dispatchFetch('http://hub.test/api/v1/customers', { headers: auth })
    expect(res.status).toBe(200)
    type Summary = { customer_id: string; config_type: string; controller_version: string }
    const { customers } = (await res.json()) as { customers: Summary[] }
    const c = customers.find((x) => x.customer_id === 'listed-node')
    expect(c).toMatchObject({ config_type: 'manual', controller_version: fixtureReport().controller_version })
  })

  it('refuses the API without a key, in the contract error shape', async () => {
    const res = await mf.dispatchFetch('http://hub.test/api/v1/customers')
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
  })

  it('serves the login page and signs the operator in with a session cookie', async () => {
    expect((await report('fleet-node')).status).toBe(200)
    const sessionsBefore = Number(query('SELECT count(*) AS n FROM sessions')[0].n)
    const page = await mf.dispatchFetch('http://hub.test/login', { redirect: 'manual' })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    const html = await page.text()
    expect(html).toMatch(/name="password"/)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
    const csrfCookie = page.headers.getSetCookie().map((c) => c.split(';')[0])
    expect(csrf).toBeTruthy()

    const login = await mf.dispatchFetch('http://hub.test/login', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie.join('; ') },
      body: new URLSearchParams({ _csrf: csrf!, password: PASSWORD }).toString(),
    })
    expect(login.status).toBe(303)
    const session = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .filter((c) => !c.endsWith('='))
    expect(session.length).toBeGreaterThan(0)

    const fleet = await mf.dispatchFetch('http://hub.test/', {
      redirect: 'manual',
      headers: { Cookie: session.join('; ') },
    })
    expect(fleet.status).toBe(200)
    expect(await fleet.text()).toContain('fleet-node')
    expect(Number(query('SELECT count(*) AS n FROM sessions')[0].n)).toBe(sessionsBefore + 1)
  })

  it('keys the login throttle on CF-Connecting-IP (the address Cloudflare saw), not on X-Forwarded-For', async () => {
    const page = await mf.dispatchFetch('http://hub.test/login', { redirect: 'manual' })
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0])
    const attempt = async (ip: string, forwardedFor: string) => {
      const res = await mf.dispatchFetch('http://hub.test/login', {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: cookie.join('; '),
          'CF-Connecting-IP': ip,
          'X-Forwarded-For': forwardedFor,
        },
        body: new URLSearchParams({ _csrf: csrf, password: 'wrong password' }).toString(),
      })
      await res.arrayBuffer()
      return res.status
    }
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push(await attempt('203.0.113.1', `192.0.2.${i}`))
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    expect(await attempt('203.0.113.2', '192.0.2.0')).toBe(401)
  })

  it('has no /metrics in the Worker: there is no Prometheus registry to render', async () => {
    const res = await mf.dispatchFetch('http://hub.test/metrics', { headers: auth })
    expect(res.status).toBe(404)
  })

  it('runs the due jobs from the cron trigger and records them in job_runs', async () => {
    // The Fetcher miniflare returns has scheduled() at run time; its typings do not say so.
    const worker = (await mf.getWorker()) as unknown as {
      scheduled(event: { cron: string }): Promise<{ outcome: string }>
    }
    const result = await worker.scheduled({ cron })
    expect(result.outcome).toBe('ok')
    const runs = query("SELECT job, finished_at, ok FROM job_runs WHERE job = 'staleness'")
    expect(runs).toHaveLength(1)
    expect(runs[0].finished_at).not.toBeNull()
    expect(Number(runs[0].ok)).toBe(1)
  }, 30_000)
})

describe('the Worker without its required secret', () => {
  it('answers 503 (healthz in its own shape, the API in the error shape) instead of crashing', async () => {
    const { outfile } = await buildWorker(join(dir, 'bundle-bad', 'index.js'))
    const bad = new Miniflare({
      modules: true,
      modulesRoot: join(dir, 'bundle-bad'),
      scriptPath: outfile,
      compatibilityDate,
      bindings: { HUB_SERVER_DATABASE_URL: hrana.url, HUB_API_REPORT_API_KEY: GLOBAL_KEY },
    })
    try {
      const health = await bad.dispatchFetch('http://hub.test/healthz')
      expect(health.status).toBe(503)
      expect(await health.json()).toEqual({ status: 'unavailable' })
      const api = await bad.dispatchFetch('http://hub.test/api/v1/customers', { headers: auth })
      expect(api.status).toBe(503)
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe('unavailable')
    } finally {
      await bad.dispose()
    }
  }, 60_000)
})
