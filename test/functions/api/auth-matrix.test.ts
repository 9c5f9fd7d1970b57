// Spec §2 over every authenticated /api/v1 route: no key, unknown key, global key, the customer's
// own key, and another customer's key.
import { beforeEach, describe, expect, it } from 'vitest'
import { testEnv, type TestEnv } from '../../support/env.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { fixtureInfraBackup, reportFor } from '../../support/fixtures.js'
import { callJson } from '../../support/http.js'

const OWN = 'kovacs-csalad'
const OTHER = 'nagy-bt'

type Route = { method: string; path: (id: string) => string; body?: (id: string) => unknown; ok: number }
const ROUTES: Route[] = [
  { method: 'POST', path: () => '/api/v1/report', body: (id) => reportFor(id), ok: 200 },
  { method: 'GET', path: (id) => `/api/v1/customers/${id}`, ok: 200 },
  { method: 'GET', path: (id) => `/api/v1/customers/${id}/history?period=24h`, ok: 200 },
  {
    method: 'POST',
    path: () => '/api/v1/event',
    body: (id) => ({ customer_id: id, event_type: 'backup_completed', severity: 'info', message: 'ok' }),
    ok: 201,
  },
  {
    method: 'POST',
    path: () => '/api/v1/infra-backup',
    body: (id) => ({ ...fixtureInfraBackup(), customer_id: id }),
    ok: 201,
  },
  { method: 'GET', path: (id) => `/api/v1/infra-backup/${id}`, ok: 200 },
  {
    method: 'POST',
    path: () => '/api/v1/notify',
    body: (id) => ({ customer_id: id, subject: 'Disk', message: 'full' }),
    ok: 202,
  },
  {
    method: 'POST',
    path: () => '/api/v1/preferences',
    body: (id) => ({ customer_id: id, email: 'kovacs@example.hu', enabled_events: ['backup_failed'] }),
    ok: 200,
  },
]

describe('API authentication matrix', () => {
  let env: TestEnv
  let ownKey: string
  let otherKey: string

  beforeEach(async () => {
    env = await testEnv()
    ownKey = (await managedCustomer(env, OWN)).api_key
    otherKey = (await managedCustomer(env, OTHER)).api_key
    for (const id of [OWN, OTHER]) {
      await sendReport(env, id)
      await callJson(env, 'POST', '/api/v1/infra-backup', {
        body: { ...fixtureInfraBackup(), customer_id: id },
      })
    }
  })

  for (const r of ROUTES) {
    const label = `${r.method} ${r.path(':id')}`
    const opts = (key: string | null, id = OWN) => ({ key, body: r.body?.(id) })

    it(`${label}: 401 without a key`, async () => {
      const res = await callJson(env, r.method, r.path(OWN), opts(null))
      expect(res.status).toBe(401)
      expect(res.json.error.code).toBe('unauthorized')
    })

    it(`${label}: 401 with an unknown key`, async () => {
      const res = await callJson(env, r.method, r.path(OWN), opts('fhk_not-a-real-key'))
      expect(res.status).toBe(401)
      expect(res.json.error.code).toBe('unauthorized')
    })

    it(`${label}: ${r.ok} with the global key`, async () => {
      expect((await callJson(env, r.method, r.path(OWN), opts(undefined as never))).status).toBe(r.ok)
    })

    it(`${label}: ${r.ok} with the customer's own key`, async () => {
      expect((await callJson(env, r.method, r.path(OWN), opts(ownKey))).status).toBe(r.ok)
    })

    it(`${label}: 403 with another customer's key`, async () => {
      const res = await callJson(env, r.method, r.path(OWN), opts(otherKey))
      expect(res.status).toBe(403)
      expect(res.json.error.code).toBe('forbidden')
    })
  }

  it('GET /api/v1/customers: the global key sees everyone, a customer key only itself', async () => {
    const all = await callJson(env, 'GET', '/api/v1/customers')
    expect(all.json.customers.map((c: any) => c.customer_id)).toEqual([OWN, OTHER])
    const own = await callJson(env, 'GET', '/api/v1/customers', { key: ownKey })
    expect(own.json.customers.map((c: any) => c.customer_id)).toEqual([OWN])
    expect((await callJson(env, 'GET', '/api/v1/customers', { key: null })).status).toBe(401)
    expect((await callJson(env, 'GET', '/api/v1/customers', { key: 'nope' })).status).toBe(401)
  })

  it('a blocked customer’s key still authenticates and its reports are stored', async () => {
    await env.db.execute({
      sql: 'UPDATE customer_configs SET blocked = 1 WHERE customer_id = ?',
      args: [OWN],
    })
    const res = await callJson(env, 'POST', '/api/v1/report', {
      key: ownKey,
      body: reportFor(OWN, { hostname: 'after-block' }),
    })
    expect(res.status).toBe(200)
    const detail = await callJson(env, 'GET', `/api/v1/customers/${OWN}`, { key: ownKey })
    expect(detail.json.report.hostname).toBe('after-block')
    expect(detail.json.status).toBe('blocked')
  })

  it('grants nothing to an empty bearer when the global key is configured empty', async () => {
    const open = await testEnv({ config: { api: { report_api_key: '' } } })
    const res = await callJson(open, 'GET', '/api/v1/customers', { key: '' })
    expect(res.status).toBe(401)
  })

  it('stores only a digest of a customer key', async () => {
    const rs = await env.db.execute('SELECT * FROM customer_configs')
    const dump = JSON.stringify(rs.rows.map((r) => Object.values(r).map(String)))
    expect(dump).not.toContain(ownKey)
    expect(dump).not.toContain(ownKey.slice(4, 24))
  })
})
