import { parseDocument } from 'yaml'
import { describe, expect, it } from 'vitest'
import { DEFAULT_TEMPLATE } from '../../../lib/controller-config/default-template.js'
import { updateManaged, readSecrets, getCustomer } from '../../../lib/store/customers.js'
import { RETRIEVAL_THROTTLE } from '../../../functions/api/config.js'
import { createClient } from '@libsql/client'
import { testEnv } from '../../support/env.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { fixtureTemplate } from '../../support/fixtures.js'
import { call, callJson } from '../../support/http.js'

const getConfig = (env: any, id: string, password: string | null) =>
  call(env, 'GET', `/api/v1/config/${id}`, {
    key: null,
    headers: password === null ? {} : { 'X-Retrieval-Password': password },
  })

describe('GET /api/v1/config/{id}', () => {
  it('ships the fixture template as the built-in default', () => {
    expect(DEFAULT_TEMPLATE).toBe(fixtureTemplate())
  })

  it('generates controller.yaml from the template and the customer’s values, comments intact', async () => {
    const env = await testEnv({ config: { server: { public_url: 'https://hub.example.hu' } } })
    const creds = await managedCustomer(env, 'kovacs-csalad', {
      displayName: 'Kovács család',
      domain: 'kovacs-csalad.felhom.eu',
    })
    const c = (await getCustomer(env.db, 'kovacs-csalad'))!
    const s = (await readSecrets(env.db, env.secrets, 'kovacs-csalad'))!
    await updateManaged(
      env.db,
      env.secrets,
      'kovacs-csalad',
      {
        displayName: c.displayName,
        domain: c.domain,
        controllerUrl: '',
        monitoringOverrides: { disk_warn_percent: 85, healthchecks: { report_uuid: 'abc-123' } },
      },
      { ...s, tunnel_token: 'tunnel-tok', registry_username: 'felhom-bot', registry_token: 'reg-tok' },
      env.clock.now().getTime(),
    )

    const res = await getConfig(env, 'kovacs-csalad', creds.retrieval_password)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    const doc = parseDocument(text).toJS()
    expect(doc.customer).toEqual({
      id: 'kovacs-csalad',
      name: 'Kovács család',
      domain: 'kovacs-csalad.felhom.eu',
      language: 'hu',
    })
    expect(doc.hub).toMatchObject({
      url: 'https://hub.example.hu',
      api_key: creds.api_key,
      report_interval: '15m',
    })
    expect(doc.server.session_secret).toMatch(/^[\w-]{40,}$/)
    expect(doc.tunnel).toEqual({ provider: 'cloudflare', token: 'tunnel-tok' })
    expect(doc.registry).toMatchObject({
      username: 'felhom-bot',
      token: 'reg-tok',
      image: 'gitea.dooplex.hu/admin/felhom-controller',
    })
    expect(doc.monitoring).toMatchObject({ enabled: true, disk_warn_percent: 85, disk_critical_percent: 90 })
    expect(doc.monitoring.healthchecks).toMatchObject({
      base_url: 'https://hc-ping.com',
      report_uuid: 'abc-123',
    })
    expect(doc.meta.generated_at).toBe('2026-11-29T04:30:00Z')

    // Comments and key order survive the merge.
    expect(text).toMatch(/^# felhom-controller configuration\n/)
    expect(text).toContain('id: "kovacs-csalad" # customer identifier (set by the hub)')
    expect(text).toContain('disk_warn_percent: 85')
    expect(text).toContain('# Deprecated: ping monitoring replaced by hub events.')
    const keys = Object.keys(doc)
    expect(keys).toEqual(['customer', 'server', 'hub', 'tunnel', 'registry', 'monitoring', 'backup', 'meta'])
  })

  it('answers a wrong password and an unknown customer identically with 401', async () => {
    const env = await testEnv()
    await managedCustomer(env, 'kovacs-csalad')
    const wrong = await getConfig(env, 'kovacs-csalad', 'not-the-password')
    const unknown = await getConfig(env, 'nobody-here', 'not-the-password')
    const missing = await getConfig(env, 'kovacs-csalad', null)
    expect([wrong.status, unknown.status, missing.status]).toEqual([401, 401, 401])
    const bodies = [await wrong.json(), await unknown.json()]
    expect(bodies[0]).toEqual(bodies[1])
    expect(bodies[0].error.code).toBe('unauthorized')
  })

  it('is 401 for a manual customer, which has no retrieval password', async () => {
    const env = await testEnv()
    await sendReport(env, 'manual-one')
    expect((await getConfig(env, 'manual-one', '')).status).toBe(401)
  })

  it('is 403 for a blocked customer with the right password', async () => {
    const env = await testEnv()
    const creds = await managedCustomer(env, 'kovacs-csalad')
    await env.db.execute("UPDATE customer_configs SET blocked = 1 WHERE customer_id = 'kovacs-csalad'")
    const res = await getConfig(env, 'kovacs-csalad', creds.retrieval_password)
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('forbidden')
  })

  it('throttles repeated failures with 429 and Retry-After, even for the right password, and the count survives a restart', async () => {
    const env = await testEnv()
    const creds = await managedCustomer(env, 'kovacs-csalad')
    for (let i = 0; i < RETRIEVAL_THROTTLE.maxFailures; i++) {
      expect((await getConfig(env, 'kovacs-csalad', `guess-${i}`)).status).toBe(401)
    }
    const locked = await getConfig(env, 'kovacs-csalad', creds.retrieval_password)
    expect(locked.status).toBe(429)
    expect((await locked.json()).error.code).toBe('rate_limited')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)

    // A new process on the same file sees the lock.
    const reopened = { ...env, db: createClient({ url: `file:${env.dbPath}`, intMode: 'number' }) }
    expect((await getConfig(reopened, 'kovacs-csalad', creds.retrieval_password)).status).toBe(429)
    reopened.db.close()

    // Another customer is not affected, and the lock ends.
    await managedCustomer(env, 'nagy-bt')
    env.clock.advance(RETRIEVAL_THROTTLE.lockMs + 1000)
    expect((await getConfig(env, 'kovacs-csalad', creds.retrieval_password)).status).toBe(200)
  })

  it('evaluates at most ten passwords of a concurrent burst of twenty wrong ones; the rest and then the right one are 429', async () => {
    const env = await testEnv()
    const creds = await managedCustomer(env, 'kovacs-csalad')
    const statuses = await Promise.all(
      Array.from(
        { length: 20 },
        async (_, i) => (await getConfig(env, 'kovacs-csalad', `guess-${i}`)).status,
      ),
    )
    expect(statuses.filter((s) => s === 401)).toHaveLength(RETRIEVAL_THROTTLE.maxFailures)
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - RETRIEVAL_THROTTLE.maxFailures)
    expect((await getConfig(env, 'kovacs-csalad', creds.retrieval_password)).status).toBe(429)
  })

  it('does not count successful retrievals, and does not let them forgive earlier guesses', async () => {
    const env = await testEnv()
    const creds = await managedCustomer(env, 'kovacs-csalad')
    for (let i = 0; i < 2 * RETRIEVAL_THROTTLE.maxFailures; i++) {
      expect((await getConfig(env, 'kovacs-csalad', creds.retrieval_password)).status).toBe(200)
    }
    for (let i = 0; i < RETRIEVAL_THROTTLE.maxFailures - 1; i++)
      expect((await getConfig(env, 'kovacs-csalad', `guess-${i}`)).status).toBe(401)
    // The controller's own fetch succeeds without spending the last guess or forgiving the others.
    expect((await getConfig(env, 'kovacs-csalad', creds.retrieval_password)).status).toBe(200)
    expect((await getConfig(env, 'kovacs-csalad', 'last-guess')).status).toBe(401)
    expect((await getConfig(env, 'kovacs-csalad', 'one-too-many')).status).toBe(429)
    expect((await getConfig(env, 'kovacs-csalad', creds.retrieval_password)).status).toBe(429)
  })

  it('never writes the retrieval password or API key into the log', async () => {
    const env = await testEnv()
    const creds = await managedCustomer(env, 'kovacs-csalad')
    await getConfig(env, 'kovacs-csalad', creds.retrieval_password)
    await getConfig(env, 'kovacs-csalad', 'wrong-one')
    const log = env.log.lines.join('\n')
    expect(log).toContain('config retrieved')
    expect(log).not.toContain(creds.retrieval_password)
    expect(log).not.toContain(creds.api_key)
  })

  it('is not behind the API key: a Bearer key alone does not retrieve a config', async () => {
    const env = await testEnv()
    await managedCustomer(env, 'kovacs-csalad')
    const res = await callJson(env, 'GET', '/api/v1/config/kovacs-csalad')
    expect(res.status).toBe(401)
  })
})
