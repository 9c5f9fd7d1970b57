// No stored row can make a read route fail. Rows written before a limit existed, by an older hub,
// or damaged on disk are planted directly in the database; every read route for that customer
// (the API's GETs and the dashboard's pages) still answers without a 5xx, showing what it can.
import { describe, expect, it } from 'vitest'
import { deflate } from '../../lib/core/crypto.js'
import type { Env } from '../../lib/core/env.js'
import { GLOBAL_KEY } from '../support/env.js'
import { managedCustomer, sendReport } from '../support/factories.js'
import { fixtureEvent, fixtureInfraBackup, fixturePreferences } from '../support/fixtures.js'
import { call, callJson } from '../support/http.js'
import { dashboardEnv, getPage, signIn } from '../support/dashboard.js'

const ID = 'planted-node'
const CONTROLLER = 'http://127.0.0.1:9' // a closed port: controller calls fail fast, on loopback
const enc = new TextEncoder()
const deepText = (n = 5000) => `{"zz":${'['.repeat(n)}${']'.repeat(n)}}`

/** A customer with one of everything, stored through the API like a real controller's. */
async function seed(env: Env) {
  const creds = await managedCustomer(env, ID, {
    controllerUrl: CONTROLLER,
    monitoringOverrides: { disk_warn_percent: 70 },
  })
  await sendReport(env, ID, { controller_url: CONTROLLER })
  for (const [path, body] of [
    ['/api/v1/event', fixtureEvent(ID)],
    ['/api/v1/preferences', fixturePreferences(ID)],
    ['/api/v1/infra-backup', { ...fixtureInfraBackup(), customer_id: ID }],
  ] as const) {
    const res = await call(env, 'POST', path, { body })
    expect(res.status, path).toBeLessThan(300)
  }
  return creds
}

const setReportBody = (env: Env, body: Uint8Array | string) =>
  env.db.execute({ sql: 'UPDATE reports SET body = ?', args: [body] })
const setColumn = (env: Env, table: string, column: string, value: string | null) =>
  env.db.execute({ sql: `UPDATE ${table} SET ${column} = ?`, args: [value] })
const infraPayload = async (env: Env, plain: Uint8Array) => {
  const sealed = await env.secrets.encrypt(await deflate(plain), `infra-backup:${ID}:1`)
  await env.db.execute({ sql: 'UPDATE infra_backups SET payload = ?', args: [sealed] })
}

/** Each plants one pathological value; `report` says whether the latest report stays readable. */
const PLANTS: [string, (env: Env) => Promise<unknown>, { report: boolean; infra?: false }][] = [
  [
    'a report nested 5,000 levels deep',
    async (env) => setReportBody(env, await deflate(enc.encode(deepText()))),
    { report: false },
  ],
  [
    'a report that is not JSON',
    async (env) => setReportBody(env, await deflate(enc.encode('{"customer_id":'))),
    { report: false },
  ],
  [
    'a report that is not UTF-8',
    async (env) => setReportBody(env, await deflate(new Uint8Array([0x22, 0xff, 0x22]))),
    { report: false },
  ],
  [
    'a report that is a JSON array',
    async (env) => setReportBody(env, await deflate(enc.encode('[1,2,3]'))),
    { report: false },
  ],
  [
    'a report whose deflate stream is corrupt',
    (env) => setReportBody(env, new Uint8Array([0xff, 0x00, 0x13, 0x37, 0x42])),
    { report: false },
  ],
  [
    'a report stored as text instead of a blob',
    (env) => setReportBody(env, '{"customer_id":"planted-node"}'),
    { report: false },
  ],
  [
    'a report whose known fields have the wrong types',
    async (env) =>
      setReportBody(
        env,
        await deflate(
          enc.encode(
            JSON.stringify({
              customer_id: ID,
              health: 'ok',
              system: 5,
              storage: { a: 1 },
              containers: 'x',
              backups: [],
            }),
          ),
        ),
      ),
    { report: true },
  ],
  [
    'event details nested 5,000 levels deep',
    (env) => setColumn(env, 'events', 'details', deepText()),
    { report: true },
  ],
  [
    'event details that are not JSON',
    (env) => setColumn(env, 'events', 'details', '{"repo":'),
    { report: true },
  ],
  [
    'event details that are a JSON array',
    (env) => setColumn(env, 'events', 'details', '[1,2]'),
    { report: true },
  ],
  [
    'event extra fields nested 5,000 levels deep',
    (env) => setColumn(env, 'events', 'extra', deepText()),
    { report: true },
  ],
  [
    'event extra fields that are not JSON',
    (env) => setColumn(env, 'events', 'extra', 'nope'),
    { report: true },
  ],
  [
    'enabled events nested 5,000 levels deep',
    (env) => setColumn(env, 'customer_notifications', 'enabled_events', deepText()),
    { report: true },
  ],
  [
    'enabled events that are an object',
    (env) => setColumn(env, 'customer_notifications', 'enabled_events', '{"a":1}'),
    { report: true },
  ],
  [
    'enabled events that are not JSON',
    (env) => setColumn(env, 'customer_notifications', 'enabled_events', '[backup'),
    { report: true },
  ],
  [
    'preference extra fields nested 5,000 levels deep',
    (env) => setColumn(env, 'customer_notifications', 'extra', deepText()),
    { report: true },
  ],
  [
    'monitoring overrides nested 5,000 levels deep',
    (env) => setColumn(env, 'customer_configs', 'monitoring_overrides', deepText()),
    { report: true },
  ],
  [
    'monitoring overrides that are not JSON',
    (env) => setColumn(env, 'customer_configs', 'monitoring_overrides', '{disk'),
    { report: true },
  ],
  [
    'monitoring overrides that are an array',
    (env) => setColumn(env, 'customer_configs', 'monitoring_overrides', '[80]'),
    { report: true },
  ],
  [
    'monitoring overrides that are a string',
    (env) => setColumn(env, 'customer_configs', 'monitoring_overrides', '"80"'),
    { report: true },
  ],
  [
    'an infra backup nested 5,000 levels deep',
    (env) => infraPayload(env, enc.encode(deepText())),
    { report: true, infra: false },
  ],
  [
    'an infra backup that is not JSON',
    (env) => infraPayload(env, enc.encode('{"restic":')),
    { report: true, infra: false },
  ],
  [
    'an infra backup whose ciphertext is corrupt',
    (env) =>
      env.db.execute({ sql: 'UPDATE infra_backups SET payload = ?', args: [new Uint8Array([1, 2, 3, 4])] }),
    { report: true, infra: false },
  ],
]

describe('read routes over pathological stored rows', () => {
  it.each(PLANTS)('answer without a 5xx over %s', async (_label, plant, expectation) => {
    const env = await dashboardEnv()
    const creds = await seed(env)
    await env.settle()
    await plant(env)
    const session = await signIn(env)

    const api: [string, Record<string, string>?][] = [
      ['/api/v1/customers'],
      [`/api/v1/customers/${ID}`],
      [`/api/v1/customers/${ID}/history?period=1d`],
      [`/api/v1/infra-backup/${ID}`],
      [`/api/v1/config/${ID}`, { 'X-Retrieval-Password': creds.retrieval_password }],
      ['/metrics'],
      ['/healthz'],
    ]
    for (const [path, headers] of api) {
      const res = await callJson(env, 'GET', path, { key: GLOBAL_KEY, headers })
      expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBeLessThan(500)
      if (res.status >= 400) expect(res.json?.error?.code, path).toEqual(expect.any(String))
    }
    for (const path of [
      '/',
      '/configs',
      `/customers/${ID}`,
      `/customers/${ID}?severity=error`,
      `/configs/${ID}/edit`,
      `/customers/${ID}/config-diff`,
    ]) {
      const res = await getPage(env, path, session)
      expect(res.status, `${path}: ${res.html.slice(0, 200)}`).toBe(200)
    }

    const infra = await callJson(env, 'GET', `/api/v1/infra-backup/${ID}`)
    if (expectation.infra === false) {
      expect(infra.status).toBe(404)
      expect(infra.json.error.message).toMatch(/version 1\) cannot be read/)
      expect(env.log.lines.some((l) => l.includes('stored infra backup unreadable'))).toBe(true)
    } else {
      expect(infra.status).toBe(200)
    }

    const latest = await callJson(env, 'GET', `/api/v1/customers/${ID}`)
    expect(latest.status).toBe(200)
    expect(latest.json.received_at).toBe('2026-11-29T04:30:00Z')
    if (expectation.report) {
      expect(latest.json.report).toEqual(expect.objectContaining({ customer_id: ID }))
    } else {
      expect(latest.json.report).toBeNull()
      expect(latest.json.report_unavailable).toMatch(/cannot be read/)
      const page = await getPage(env, `/customers/${ID}`, session)
      expect(page.html).toContain('The latest report cannot be read')
      expect(env.log.lines.some((l) => l.includes('stored report unreadable'))).toBe(true)
    }
  })
})
