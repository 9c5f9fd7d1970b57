import { afterEach, describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { fetchLiveConfig } from '../../../lib/controller/client.js'
import { diffConfigs } from '../../../lib/controller-config/diff.js'
import { generateControllerYaml, TEMPLATE_STATE_KEY } from '../../../lib/controller-config/generate.js'
import { applyPulledFields, fieldsFromLiveConfig } from '../../../lib/controller-config/pull.js'
import { createManagedCustomer } from '../../../lib/customers/admin.js'
import { getCustomer, readSecrets } from '../../../lib/store/customers.js'
import { setState } from '../../../lib/store/hub-state.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { startFakeController, type FakeController } from '../../support/fake-controller.js'
import { fixtureTemplate, reportFor } from '../../support/fixtures.js'
import { call } from '../../support/http.js'

const ID = 'kovacs-csalad'

async function managedCustomer(env: TestEnv) {
  await setState(env.db, TEMPLATE_STATE_KEY, fixtureTemplate(), 0)
  await createManagedCustomer(env, {
    customerId: ID,
    displayName: 'Kovács',
    domain: 'old.felhom.eu',
    controllerUrl: 'https://pinned.example.com',
    monitoringOverrides: { disk_warn_percent: 85 },
    tunnelToken: 'tunnel-old',
  })
  return { c: (await getCustomer(env.db, ID))!, s: (await readSecrets(env.db, env.secrets, ID))! }
}

async function generated(env: TestEnv) {
  const c = (await getCustomer(env.db, ID))!
  return generateControllerYaml(env, c, (await readSecrets(env.db, env.secrets, ID))!)
}

/** What a controller might run after local edits: changed through the Document API, comments kept. */
function editedOnController(yaml: string): string {
  const doc = parseDocument(yaml)
  doc.setIn(['customer', 'name'], 'Kovács család')
  doc.setIn(['customer', 'domain'], 'kovacs-csalad.felhom.eu')
  doc.setIn(['tunnel', 'token'], 'tunnel-new')
  doc.setIn(['registry', 'username'], 'kovacs')
  doc.setIn(['registry', 'token'], 'registry-new')
  doc.setIn(['monitoring', 'disk_warn_percent'], 80) // back to the template's value
  doc.setIn(['monitoring', 'temperature_warn_c'], 75)
  doc.setIn(['monitoring', 'healthchecks', 'report_uuid'], 'uuid-1')
  doc.setIn(['monitoring', 'smart_check_interval'], '6h') // a key the template does not have
  doc.setIn(['monitoring', 'ignore_containers'], ['watchtower'])
  doc.setIn(['backup', 'schedule'], '03:30') // not something the hub stores
  doc.setIn(['meta', 'applied_at'], '2026-11-29T04:31:00Z')
  return doc.toString()
}

let fake: FakeController | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

describe('fieldsFromLiveConfig', () => {
  it('takes identity, tokens and the monitoring values that differ from the template', async () => {
    const env = await testEnv()
    await managedCustomer(env)
    const pulled = fieldsFromLiveConfig(editedOnController(await generated(env)), fixtureTemplate())
    expect(pulled).toEqual({
      customerId: ID,
      displayName: 'Kovács család',
      domain: 'kovacs-csalad.felhom.eu',
      monitoringOverrides: {
        temperature_warn_c: 75,
        healthchecks: { report_uuid: 'uuid-1' },
        smart_check_interval: '6h',
        ignore_containers: ['watchtower'],
      },
      tunnelToken: 'tunnel-new',
      registryUsername: 'kovacs',
      registryToken: 'registry-new',
    })
  })

  it('leaves fields the live config does not have undefined', () => {
    expect(fieldsFromLiveConfig('monitoring:\n  enabled: false\n', fixtureTemplate())).toEqual({
      customerId: undefined,
      displayName: undefined,
      domain: undefined,
      monitoringOverrides: { enabled: false },
      tunnelToken: undefined,
      registryUsername: undefined,
      registryToken: undefined,
    })
  })

  it('throws a readable error for YAML that does not parse', () => {
    expect(() => fieldsFromLiveConfig('customer: [unclosed', fixtureTemplate())).toThrow(
      /controller's config is not valid YAML/,
    )
  })
})

describe('applyPulledFields', () => {
  it('round-trips: generating after a pull reproduces every value the hub stores', async () => {
    const env = await testEnv()
    const before = await managedCustomer(env)
    const live = editedOnController(await generated(env))
    expect(diffConfigs(await generated(env), live).length).toBeGreaterThan(5)

    expect(await applyPulledFields(env, ID, fieldsFromLiveConfig(live, fixtureTemplate()))).toBe(true)

    // Only what the hub does not store is left (meta.* is volatile and ignored).
    expect(diffConfigs(await generated(env), live)).toEqual([
      { path: 'backup.schedule', kind: 'changed', hub: '"02:00"', live: '"03:30"', secret: false },
    ])
    const after = (await getCustomer(env.db, ID))!
    const s = (await readSecrets(env.db, env.secrets, ID))!
    expect(after.monitoringOverrides).not.toHaveProperty('disk_warn_percent') // dropped on the controller
    expect(after.controllerUrl).toBe('https://pinned.example.com')
    expect(s.api_key).toBe(before.s.api_key)
    expect(s.retrieval_password).toBe(before.s.retrieval_password)
    expect(s.session_secret).toBe(before.s.session_secret)
  })

  it('keeps stored values the live config does not mention', async () => {
    const env = await testEnv()
    await managedCustomer(env)
    expect(
      await applyPulledFields(env, ID, fieldsFromLiveConfig('monitoring: {}\n', fixtureTemplate())),
    ).toBe(true)
    const c = (await getCustomer(env.db, ID))!
    expect([c.displayName, c.domain, c.monitoringOverrides]).toEqual(['Kovács', 'old.felhom.eu', {}])
    expect((await readSecrets(env.db, env.secrets, ID))!.tunnel_token).toBe('tunnel-old')
  })

  it('refuses a config that names another customer, changing nothing', async () => {
    const env = await testEnv()
    await managedCustomer(env)
    const pulled = fieldsFromLiveConfig('customer:\n  id: nagy-bt\n  name: Nagy\n', fixtureTemplate())
    await expect(applyPulledFields(env, ID, pulled)).rejects.toThrow(/belongs to customer "nagy-bt"/)
    expect((await getCustomer(env.db, ID))!.displayName).toBe('Kovács')
  })

  it('answers false for a manual or unknown customer', async () => {
    const env = await testEnv()
    await call(env, 'POST', '/api/v1/report', { body: reportFor('nagy-bt') })
    const pulled = fieldsFromLiveConfig('customer:\n  name: Nagy\n', fixtureTemplate())
    expect(await applyPulledFields(env, 'nagy-bt', pulled)).toBe(false)
    expect(await applyPulledFields(env, 'nobody-here', pulled)).toBe(false)
    expect((await getCustomer(env.db, 'nagy-bt'))!.configType).toBe('manual')
  })

  it('pulls from a controller over HTTP end to end', async () => {
    const env = await testEnv()
    const { c, s } = await managedCustomer(env)
    fake = await startFakeController({
      apiKey: s.api_key,
      liveConfig: editedOnController(await generated(env)),
    })
    const live = await fetchLiveConfig(env, { ...c, controllerUrl: fake.url }, s.api_key)
    expect(live.ok).toBe(true)
    if (!live.ok) return
    expect(await applyPulledFields(env, ID, fieldsFromLiveConfig(live.value, fixtureTemplate()))).toBe(true)
    expect((await getCustomer(env.db, ID))!.displayName).toBe('Kovács család')
  })
})
