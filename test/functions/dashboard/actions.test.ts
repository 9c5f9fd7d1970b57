import { afterEach, describe, expect, it } from 'vitest'
import { router } from '../../../functions/routes.js'
import { generateControllerYaml } from '../../../lib/controller-config/generate.js'
import type { Env } from '../../../lib/core/env.js'
import { getCustomer, readSecrets, setBlocked } from '../../../lib/store/customers.js'
import { setState } from '../../../lib/store/hub-state.js'
import { dashboardEnv, flashOf, getPage, postForm, signIn } from '../../support/dashboard.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { startFakeController, type FakeController } from '../../support/fake-controller.js'
import { call, callJson } from '../../support/http.js'

const LATEST_TAG = JSON.stringify({ tag: 'v1.9.0', version: '1.9.0', checked_at: '2026-11-29T04:00:00Z' })
const controllers: FakeController[] = []
afterEach(async () => {
  while (controllers.length) await controllers.pop()!.close()
})

/** What the hub would push to kovacs-csalad right now. */
async function hubYaml(env: Env) {
  const c = (await getCustomer(env.db, 'kovacs-csalad'))!
  return generateControllerYaml(env, c, (await readSecrets(env.db, env.secrets, 'kovacs-csalad'))!)
}

/** A managed customer whose pinned controller is a fake speaking docs/api.md §5. */
async function withController(liveConfig?: string) {
  const env = await dashboardEnv()
  const creds = await managedCustomer(env, 'kovacs-csalad', { tunnelToken: 'hub-tunnel-secret' })
  // The fake accepts only the key it was started with: this customer's real one. Then pin its URL.
  const ctl = await startFakeController({ apiKey: creds.api_key, liveConfig })
  controllers.push(ctl)
  await env.db.execute({
    sql: 'UPDATE customer_configs SET controller_url = ? WHERE customer_id = ?',
    args: [ctl.url, 'kovacs-csalad'],
  })
  return { env, ctl, creds, s: await signIn(env) }
}

describe('block, unblock, delete, purge, create-config', () => {
  it('blocks and unblocks, saying so, and the fleet follows', async () => {
    const env = await dashboardEnv()
    await sendReport(env, 'nagy-bt')
    const s = await signIn(env)
    const res = await postForm(env, '/customers/nagy-bt/block', s)
    expect([res.status, res.location]).toEqual([303, '/customers/nagy-bt'])
    expect(flashOf(res)).toMatchObject({ kind: 'ok', text: expect.stringContaining('blocked') })
    expect((await getCustomer(env.db, 'nagy-bt'))!.blocked).toBe(true)
    expect((await getPage(env, '/', s)).html).not.toContain('data-customer="nagy-bt"')
    const flash = `hub_flash=${encodeURIComponent(JSON.stringify(flashOf(res)))}`
    const page = await getPage(env, '/customers/nagy-bt', s, { Cookie: flash })
    expect(page.html).toContain('class="flash flash-ok"')
    expect(page.html).toContain('action="/customers/nagy-bt/unblock"')
    await postForm(env, '/customers/nagy-bt/unblock', s)
    expect((await getCustomer(env.db, 'nagy-bt'))!.blocked).toBe(false)
  })

  it("deletes a customer's config only with its id typed to confirm; its reports, history and events stay and it is listed as manual", async () => {
    const env = await dashboardEnv()
    const creds = await managedCustomer(env, 'nagy-bt')
    await sendReport(env, 'nagy-bt', {}, creds.api_key)
    const event = {
      customer_id: 'nagy-bt',
      event_type: 'backup_failed',
      severity: 'error',
      message: 'restic failed',
    }
    expect((await call(env, 'POST', '/api/v1/event', { body: event })).status).toBe(201)
    await setBlocked(env.db, 'nagy-bt', true, env.clock.now().getTime())
    const s = await signIn(env)
    const unconfirmed = await postForm(env, '/customers/nagy-bt/delete', s, { confirm: 'nagy' })
    expect(flashOf(unconfirmed)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('Nothing deleted'),
    })
    expect((await getCustomer(env.db, 'nagy-bt'))!.configType).toBe('managed')

    const res = await postForm(env, '/customers/nagy-bt/delete', s, { confirm: 'nagy-bt' })
    expect([res.status, res.location]).toEqual([303, '/customers/nagy-bt'])
    expect(flashOf(res)!.text).toContain('listed as a manual customer')
    const c = (await getCustomer(env.db, 'nagy-bt'))!
    expect([c.configType, c.hasCredentials, c.blocked, c.displayName]).toEqual(['manual', false, false, ''])
    // The config and its credentials are gone: the old key no longer authenticates.
    expect((await call(env, 'GET', '/api/v1/customers', { key: creds.api_key })).status).toBe(401)
    // What the controller sent is still the customer's.
    const detail = await callJson(env, 'GET', '/api/v1/customers/nagy-bt')
    expect(detail.json.report.hostname).toBe('felhom-kovacs')
    expect(
      (await callJson(env, 'GET', '/api/v1/customers/nagy-bt/history?period=1d')).json.points,
    ).toHaveLength(1)
    const list = (await callJson(env, 'GET', '/api/v1/customers')).json.customers
    expect(list.find((x: any) => x.customer_id === 'nagy-bt')).toMatchObject({
      config_type: 'manual',
      events_24h: { error: 1 },
    })
    // The next report (with the global key) joins that history.
    env.clock.advance(15 * 60_000)
    await sendReport(env, 'nagy-bt')
    expect(
      (await callJson(env, 'GET', '/api/v1/customers/nagy-bt/history?period=1d')).json.points,
    ).toHaveLength(2)
  })

  it('deletes a managed customer that never reported entirely, nothing of it being left', async () => {
    const env = await dashboardEnv()
    await managedCustomer(env, 'uj-ugyfel')
    const res = await postForm(env, '/customers/uj-ugyfel/delete', await signIn(env), {
      confirm: 'uj-ugyfel',
    })
    expect([res.status, res.location]).toEqual([303, '/configs'])
    expect(flashOf(res)!.text).toContain('never reported')
    expect(await getCustomer(env.db, 'uj-ugyfel')).toBeNull()
  })

  it('deletes on a scripted POST that carries only the CSRF token, as the contract describes the route', async () => {
    const env = await dashboardEnv()
    await managedCustomer(env, 'nagy-bt')
    const s = await signIn(env)
    const res = await postForm(env, '/customers/nagy-bt/delete', s, {})
    expect([res.status, res.location]).toEqual([303, '/configs'])
    expect(await getCustomer(env.db, 'nagy-bt')).toBeNull()
  })

  it('has no config to delete for a manual customer and points at purge, changing nothing', async () => {
    const env = await dashboardEnv()
    await sendReport(env, 'nagy-bt')
    const res = await postForm(env, '/customers/nagy-bt/delete', await signIn(env), { confirm: 'nagy-bt' })
    expect(flashOf(res)).toMatchObject({ kind: 'error', text: expect.stringContaining('use Purge') })
    expect((await getCustomer(env.db, 'nagy-bt'))!.lastReportAt).not.toBeNull()
  })

  it('purges everything of one customer only with its id typed, leaving the others', async () => {
    const env = await dashboardEnv()
    for (const id of ['nagy-bt', 'kovacs-csalad']) {
      await managedCustomer(env, id)
      await sendReport(env, id)
    }
    const s = await signIn(env)
    for (const fields of [{}, { confirm: 'nagy' }] as Record<string, string>[]) {
      const refused = await postForm(env, '/customers/nagy-bt/purge', s, fields)
      expect(flashOf(refused)).toMatchObject({
        kind: 'error',
        text: expect.stringContaining('Nothing purged'),
      })
    }
    expect(await getCustomer(env.db, 'nagy-bt')).not.toBeNull()
    const res = await postForm(env, '/customers/nagy-bt/purge', s, { confirm: 'nagy-bt' })
    expect([res.status, res.location]).toEqual([303, '/configs'])
    expect(flashOf(res)!.text).toMatch(/nagy-bt purged: \d+ rows erased/)
    expect(await getCustomer(env.db, 'nagy-bt')).toBeNull()
    expect((await call(env, 'GET', '/api/v1/customers/nagy-bt/history')).status).toBe(404)
    expect((await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad')).json.report.hostname).toBe(
      'felhom-kovacs',
    )
  })

  it("creates a managed config from a manual customer's latest report, then opens the edit form", async () => {
    const env = await dashboardEnv()
    await sendReport(env, 'kovacs-csalad')
    const res = await postForm(env, '/customers/kovacs-csalad/create-config', await signIn(env))
    expect([res.status, res.location]).toEqual([303, '/configs/kovacs-csalad/edit'])
    const c = (await getCustomer(env.db, 'kovacs-csalad'))!
    const seeded = [c.configType, c.displayName, c.domain]
    expect(seeded).toEqual(['managed', 'felhom-kovacs', 'kovacs-csalad.felhom.eu'])
    const secrets = (await readSecrets(env.db, env.secrets, 'kovacs-csalad'))!
    expect(JSON.stringify(flashOf(res))).not.toContain(secrets.api_key)
    expect(res.location).not.toContain(secrets.retrieval_password)
    const again = await postForm(env, '/customers/kovacs-csalad/create-config', await signIn(env))
    expect(flashOf(again)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('already has a managed config'),
    })
  })

  it('answers an action on an unknown customer with a flash, not an error page', async () => {
    const env = await dashboardEnv()
    const res = await postForm(env, '/customers/nobody/block', await signIn(env))
    expect([res.status, res.location]).toEqual([303, '/configs'])
    expect(flashOf(res)!.kind).toBe('error')
  })
})

describe('controller actions against a fake controller', () => {
  it("pushes the generated config with the customer's key", async () => {
    const { env, ctl, creds, s } = await withController()
    const res = await postForm(env, '/customers/kovacs-csalad/push-config', s)
    expect([res.status, res.location]).toEqual([303, '/customers/kovacs-csalad'])
    expect(flashOf(res)).toMatchObject({ kind: 'ok', text: expect.stringContaining('Config pushed') })
    const sent = ctl.requests.find((r) => r.path === '/api/config/apply')!
    expect(sent.headers.authorization).toBe(`Bearer ${creds.api_key}`)
    expect(sent.headers['content-type']).toContain('application/yaml')
    expect(sent.body).toContain('id: "kovacs-csalad"')
    expect(sent.body).toContain('hub-tunnel-secret')
  })

  it("shows the controller's own words when it rejects the config, and a plain 401 message", async () => {
    const { env, ctl, s } = await withController()
    ctl.setMode('apply', { status: 422, code: 'invalid_config', message: 'backup.schedule: bad time' })
    const rejected = await postForm(env, '/customers/kovacs-csalad/push-config', s)
    expect(rejected.status).toBe(303)
    expect(flashOf(rejected)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('backup.schedule: bad time'),
    })
    ctl.setMode('apply', 'unauthorized')
    const refused = await postForm(env, '/customers/kovacs-csalad/push-config', s)
    expect(flashOf(refused)).toMatchObject({ kind: 'error', text: expect.stringMatching(/401|API key/) })
  })

  it("reports a controller that never answers as timed out after the Env's deadline, without an error page", async () => {
    const { env, ctl, s } = await withController()
    env.controllerTimeoutMs = 300
    ctl.setMode('apply', 'hang')
    const res = await postForm(env, '/customers/kovacs-csalad/push-config', s)
    expect(res.status).toBe(303)
    expect(flashOf(res)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('The controller did not answer within 300 ms.'),
    })
  })

  it('pulls identity and overrides from the live config', async () => {
    const { env, ctl, s } = await withController()
    const live = (await hubYaml(env))
      .replace(/name: "[^"]*"/, 'name: "Kovács család (live)"')
      .replace('disk_warn_percent: 80', 'disk_warn_percent: 85')
    ctl.liveConfig = live
    const res = await postForm(env, '/customers/kovacs-csalad/pull-config', s)
    expect(flashOf(res)).toMatchObject({ kind: 'ok', text: expect.stringContaining('1 monitoring override') })
    const after = (await getCustomer(env.db, 'kovacs-csalad'))!
    expect(after.displayName).toBe('Kovács család (live)')
    expect(after.monitoringOverrides).toEqual({ disk_warn_percent: 85 })
  })

  it('refuses to pull a config that belongs to another customer', async () => {
    const { env, ctl, s } = await withController()
    ctl.liveConfig = 'customer:\n  id: "someone-else"\n  name: "Other"\n'
    const res = await postForm(env, '/customers/kovacs-csalad/pull-config', s)
    expect(flashOf(res)).toMatchObject({ kind: 'error', text: expect.stringContaining('someone-else') })
    expect((await getCustomer(env.db, 'kovacs-csalad'))!.displayName).toBe('Customer kovacs-csalad')
  })

  it('asks the controller to update to the newest known release, or says none is known', async () => {
    const { env, ctl, s } = await withController()
    const none = await postForm(env, '/customers/kovacs-csalad/trigger-update', s)
    expect(flashOf(none)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('No controller release is known'),
    })
    expect(ctl.requests).toHaveLength(0)
    await setState(env.db, 'registry_latest_tag', LATEST_TAG, 0)
    const res = await postForm(env, '/customers/kovacs-csalad/trigger-update', s)
    expect(flashOf(res)).toMatchObject({ kind: 'ok', text: expect.stringContaining('1.9.0') })
    expect(ctl.updates).toEqual(['1.9.0'])
  })

  it('does not call anything for a manual customer', async () => {
    const env = await dashboardEnv()
    await sendReport(env, 'nagy-bt')
    const res = await postForm(env, '/customers/nagy-bt/push-config', await signIn(env))
    expect(flashOf(res)).toMatchObject({ kind: 'error', text: expect.stringContaining('manual customer') })
  })
})

describe('GET /customers/:id/config-diff', () => {
  it('lists added, removed and changed keys, ignores meta.*, and masks secrets while marking them', async () => {
    const { env, ctl, s } = await withController()
    const hub = await hubYaml(env)
    ctl.liveConfig = hub
      .replace('disk_warn_percent: 80', 'disk_warn_percent: 85')
      .replace('  language: "hu"\n', '')
      .replace('  auto_update: false\n', '  auto_update: false\n  mirror: "registry.local"\n')
      .replace('"hub-tunnel-secret"', '"live-tunnel-secret"')
      .replace(/generated_at: "[^"]*"/, 'generated_at: "2020-01-01T00:00:00Z"')
      .replace(/applied_at: "[^"]*"/, 'applied_at: "2026-11-29T04:00:00Z"')
    const res = await getPage(env, '/customers/kovacs-csalad/config-diff', s)
    expect(res.status).toBe(200)
    const found = [...res.html.matchAll(/data-path="([^"]+)" data-kind="([^"]+)"/g)]
    const rows = found.map((m) => `${m[1]}=${m[2]}`)
    expect(rows).toEqual([
      'customer.language=only_hub',
      'monitoring.disk_warn_percent=changed',
      'registry.mirror=only_controller',
      'tunnel.token=changed',
    ])
    expect(res.html).toContain('secret · values differ')
    expect(res.html).not.toContain('live-tunnel-secret')
    expect(res.html).not.toContain('hub-tunnel-secret')
    expect(res.html).toContain('class="diff-changed"')
  })

  it('says "in sync" when nothing differs, and shows an unreachable controller as a message', async () => {
    const { env, ctl, s } = await withController()
    ctl.liveConfig = await hubYaml(env)
    expect((await getPage(env, '/customers/kovacs-csalad/config-diff', s)).html).toContain('In sync.')
    await ctl.close()
    const res = await getPage(env, '/customers/kovacs-csalad/config-diff', s)
    expect(res.status).toBe(200)
    expect(res.html).toContain('Could not read the controller')
  })
})

describe('CSRF', () => {
  it("refuses every dashboard POST route without the session's token, changing nothing", async () => {
    const { env, ctl, s } = await withController()
    const posts = router.routes
      .filter(([method, , , path]) => method === 'POST' && !/^\/(api|internal)\//.test(path!))
      // The sign-in steps check their own pre-session tokens (test/functions/dashboard/login-code.test.ts);
      // the signed acknowledgement link needs no session: its signature is the authority
      // (test/functions/dashboard/ack-link.test.ts).
      .filter(
        ([, , , path]) => path !== '/login' && !path!.startsWith('/login/') && !path!.startsWith('/ack/'),
      )
      .map(([, , , path]) => path!.replace(':id', 'kovacs-csalad'))
    const actions = ['logout', 'configs', 'configs/kovacs-csalad', 'reveal-credentials', 'block', 'unblock']
    actions.push('delete', 'purge', 'create-config', 'push-config', 'pull-config', 'trigger-update')
    for (const action of actions) {
      expect(posts.some((p) => p.endsWith(`/${action}`))).toBe(true)
    }
    for (const path of posts) {
      for (const fields of [{ _csrf: '' }, { _csrf: 'not-the-token-0123456789' }]) {
        const valid = { customer_id: 'csrf-made', display_name: 'x', confirm: 'kovacs-csalad' }
        const res = await postForm(env, path, s, { ...valid, ...fields })
        expect([path, res.status]).toEqual([path, 403])
        expect(res.html).not.toContain('fhk_')
      }
    }
    const c = (await getCustomer(env.db, 'kovacs-csalad'))!
    expect([c.blocked, c.displayName]).toEqual([false, 'Customer kovacs-csalad'])
    expect(await getCustomer(env.db, 'csrf-made')).toBeNull()
    expect(ctl.requests).toEqual([])
    expect((await env.db.execute('SELECT count(*) AS n FROM sessions')).rows[0].n).toBe(1)
  })
})
