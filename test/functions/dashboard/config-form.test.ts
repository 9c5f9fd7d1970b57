import { describe, expect, it } from 'vitest'
import { getCustomer, readSecrets } from '../../../lib/store/customers.js'
import { dashboardEnv, flashOf, getPage, postForm, signIn } from '../../support/dashboard.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { callJson } from '../../support/http.js'

describe('POST /configs (create)', () => {
  it('creates a managed customer and shows its credentials once, in the answer to the POST', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const form = await getPage(env, '/configs/new', s)
    expect(form.html).toContain('<details')
    expect(form.html).toContain('Deprecated')
    const res = await postForm(env, '/configs', s, {
      customer_id: 'kovacs-csalad',
      display_name: 'Kovács család',
      domain: 'kovacs-csalad.felhom.eu',
      tunnel_token: 'tunnel-secret-123',
      disk_warn_percent: '85',
      monitoring_enabled: 'true',
      hc_report_uuid: '0f8a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
    })
    expect(res.status).toBe(200)
    expect(res.location).toBeNull()
    const apiKey = /data-secret="api_key">([^<]+)</.exec(res.html)![1]
    const password = /data-secret="retrieval_password">([^<]+)</.exec(res.html)![1]
    expect(res.html).toContain(`X-Retrieval-Password: ${password}`)
    expect(res.html).not.toContain('tunnel-secret-123')

    const c = (await getCustomer(env.db, 'kovacs-csalad'))!
    expect(c.configType).toBe('managed')
    expect(c.displayName).toBe('Kovács család')
    expect(c.monitoringOverrides).toEqual({
      enabled: true,
      disk_warn_percent: 85,
      healthchecks: { report_uuid: '0f8a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b' },
    })
    expect((await readSecrets(env.db, env.secrets, 'kovacs-csalad'))!.tunnel_token).toBe('tunnel-secret-123')
    // The shown credentials are the real ones.
    expect((await callJson(env, 'GET', '/api/v1/customers', { key: apiKey })).status).toBe(200)
    const yaml = await callJson(env, 'GET', '/api/v1/config/kovacs-csalad', {
      key: null,
      headers: { 'X-Retrieval-Password': password },
    })
    expect(yaml.status).toBe(200)
  })

  it('answers 400 with each error beside its field, the input kept and write-only tokens not echoed', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const res = await postForm(env, '/configs', s, {
      customer_id: 'Bad Id!',
      display_name: 'Kept <Name>',
      domain: 'not a domain',
      controller_url: 'ftp://x',
      tunnel_token: 'typed-secret',
      disk_warn_percent: '90',
      disk_critical_percent: '80',
      temperature_warn_c: 'hot',
    })
    expect(res.status).toBe(400)
    const wrong = ['customer_id', 'domain', 'controller_url', 'disk_critical_percent', 'temperature_warn_c']
    for (const f of wrong) {
      const field = `<div class="field has-error"><label for="${f}">`
      const beside = `${field}.*?<div class="field-error" id="${f}-error">`
      expect(res.html).toMatch(new RegExp(beside, 's'))
    }
    expect(res.html).toContain('must be above the warning level')
    expect(res.html).toContain('value="Kept &lt;Name>"')
    expect(res.html).toContain('value="not a domain"')
    expect(res.html).not.toContain('typed-secret')
    expect(await getCustomer(env.db, 'bad-id')).toBeNull()
  })

  it('refuses control characters (a NUL would cut the stored name short) beside their fields', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const res = await postForm(env, '/configs', s, {
      customer_id: 'kovacs-csalad',
      display_name: 'Kovács\u0000 család',
      registry_username: 'felhom\nadmin',
      tunnel_token: 'tunnel\u0000secret',
    })
    expect(res.status).toBe(400)
    for (const f of ['display_name', 'registry_username', 'tunnel_token']) {
      expect(res.html).toMatch(new RegExp(`<div class="field has-error"><label for="${f}">`))
    }
    expect(res.html).toContain('must not contain control characters')
    expect(await getCustomer(env.db, 'kovacs-csalad')).toBeNull()
  })

  it('refuses an id that already has a managed config, beside the id field', async () => {
    const env = await dashboardEnv()
    await managedCustomer(env, 'kovacs-csalad')
    const res = await postForm(env, '/configs', await signIn(env), { customer_id: 'kovacs-csalad' })
    expect(res.status).toBe(409)
    expect(res.html).toContain('already has a managed config')
  })
})

describe('POST /configs/:id (edit)', () => {
  it('keeps stored tokens when their fields are empty, replaces them when filled, and saves overrides', async () => {
    const env = await dashboardEnv()
    await managedCustomer(env, 'kovacs-csalad', { tunnelToken: 'old-tunnel', registryToken: 'old-registry' })
    const s = await signIn(env)
    const edit = await getPage(env, '/configs/kovacs-csalad/edit', s)
    expect(edit.status).toBe(200)
    expect(edit.html).toContain('A value is stored')
    expect(edit.html).not.toContain('old-tunnel')
    const res = await postForm(env, '/configs/kovacs-csalad', s, {
      display_name: 'Kovács család',
      domain: 'kovacs.felhom.eu',
      controller_url: 'https://kovacs.example.test',
      registry_token: 'new-registry',
      temperature_warn_c: '75',
    })
    expect([res.status, res.location]).toEqual([303, '/customers/kovacs-csalad'])
    expect(flashOf(res)?.text).toContain('saved')
    const c = (await getCustomer(env.db, 'kovacs-csalad'))!
    expect([c.displayName, c.domain, c.controllerUrl]).toEqual([
      'Kovács család',
      'kovacs.felhom.eu',
      'https://kovacs.example.test',
    ])
    expect(c.monitoringOverrides).toEqual({ temperature_warn_c: 75 })
    const secrets = (await readSecrets(env.db, env.secrets, 'kovacs-csalad'))!
    expect([secrets.tunnel_token, secrets.registry_token]).toEqual(['old-tunnel', 'new-registry'])
  })

  it('shows errors on the edit form with status 400 and changes nothing', async () => {
    const env = await dashboardEnv()
    await managedCustomer(env, 'kovacs-csalad')
    const s = await signIn(env)
    const res = await postForm(env, '/configs/kovacs-csalad', s, { container_restart_threshold: '-1' })
    expect(res.status).toBe(400)
    expect(res.html).toContain('id="container_restart_threshold-error"')
    expect((await getCustomer(env.db, 'kovacs-csalad'))!.monitoringOverrides).toEqual({})
  })

  it('sends a manual customer to its page with a hint to create a config first', async () => {
    const env = await dashboardEnv()
    await sendReport(env, 'nagy-bt')
    const res = await getPage(env, '/configs/nagy-bt/edit', await signIn(env))
    expect([res.status, res.location]).toEqual([303, '/customers/nagy-bt'])
    expect(flashOf(res)?.text).toContain('Create config')
  })
})
