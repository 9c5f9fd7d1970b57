// The audit log is declared in the route table (`audited('…')`, formAction('…')). This walks the
// table itself: every dashboard POST route, and the API's maintenance routes when they exist, is
// exercised once and must write an audit row, so a route added without auditing fails here.
import { describe, expect, it } from 'vitest'
import { createRouter, type HubRouter } from '../../functions/app.js'
import { audited } from '../../functions/audit.js'
import { requireCsrf, requireSession } from '../../functions/dashboard/context.js'
import { router } from '../../functions/routes.js'
import { setPeer } from '../../lib/auth/forwarded.js'
import { redirect } from '../../lib/core/http.js'
import { GLOBAL_KEY, type TestEnv } from '../support/env.js'
import { DASHBOARD_PASSWORD, dashboardEnv, getPage, postForm, signIn } from '../support/dashboard.js'
import { managedCustomer } from '../support/factories.js'
import { auditRows, enrolFactor } from '../support/second-factor.js'

/** Routes that act: dashboard POSTs, and whatever changes maintenance windows through the API. */
const mustAudit = (method: string, path: string) =>
  (method === 'POST' && !/^\/(api|internal)\//.test(path)) ||
  (method !== 'GET' && /^\/api\/v1\/maintenance(\/|$)/.test(path))

const auditCount = async (env: TestEnv) =>
  Number((await env.db.execute('SELECT count(*) AS n FROM audit_log')).rows[0].n)

/**
 * Sends each route that must be audited one request (with a fresh signed-in session and its token,
 * or the global API key) and answers with the routes after which no audit row was written.
 */
async function unauditedRoutes(
  r: HubRouter,
  env: TestEnv,
): Promise<{ exercised: number; missing: string[] }> {
  const missing: string[] = []
  let exercised = 0
  for (const [method, , , path] of r.routes) {
    if (!method || !path || !mustAudit(method, path)) continue
    const concrete = path.replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? 'kovacs-csalad' : '1'))
    const before = await auditCount(env)
    let req: Request
    if (path.startsWith('/api/')) {
      const body =
        method === 'DELETE' ? undefined : JSON.stringify({ customer_id: 'kovacs-csalad', duration: '1h' })
      const headers = { Authorization: `Bearer ${GLOBAL_KEY}`, 'Content-Type': 'application/json' }
      req = new Request(`http://hub.test${concrete}`, { method, headers, body })
    } else {
      const s = await signIn(env)
      const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: s.cookie }
      const body = new URLSearchParams({ _csrf: s.csrf })
      req = new Request(`http://hub.test${concrete}`, { method, headers, body })
    }
    setPeer(req, '192.0.2.44')
    await (await r.fetch(req, env)).text()
    exercised++
    if ((await auditCount(env)) === before) missing.push(`${method} ${path}`)
  }
  return { exercised, missing }
}

describe('the audit log covers the route table', () => {
  it('writes a row for every dashboard POST route (and API maintenance route) when exercised', async () => {
    const env = await dashboardEnv()
    await managedCustomer(env, 'kovacs-csalad')
    const { exercised, missing } = await unauditedRoutes(router, env)
    expect(missing).toEqual([])
    // Not vacuous: the routes of this issue and those before it are all walked.
    expect(exercised).toBeGreaterThanOrEqual(21)
  })

  it('names the route that writes nothing (the walk itself is checked on a table with a gap)', async () => {
    const env = await dashboardEnv()
    await managedCustomer(env, 'kovacs-csalad')
    const done = async () => redirect('/', 303)
    const table = createRouter({ bodyLimit: () => 65_536 })
      .post('/customers/:id/remembered', audited('block'), requireSession, requireCsrf, done)
      .post('/customers/:id/forgotten', requireSession, requireCsrf, done)
      .post('/api/v1/maintenance', done)
    const { missing } = await unauditedRoutes(table, env)
    expect(missing).toEqual(['POST /customers/:id/forgotten', 'POST /api/v1/maintenance'])
  })
})

describe('what an audit row says', () => {
  it('records the action, the customer, the client address, the session, and ok', async () => {
    const env = await dashboardEnv({ config: { server: { trusted_proxies: ['10.42.0.0/16'] } } })
    await managedCustomer(env, 'kovacs-csalad')
    const s = await signIn(env)
    const own = /data-session="([0-9a-f]{16})"/.exec((await getPage(env, '/settings/sessions', s)).html)![1]
    await postForm(
      env,
      '/customers/kovacs-csalad/block',
      s,
      {},
      { 'X-Forwarded-For': '203.0.113.9' },
      '10.42.0.7',
    )
    const [row] = await auditRows(env)
    expect(row).toMatchObject({
      action: 'block',
      outcome: 'ok',
      customer_id: 'kovacs-csalad',
      ip: '203.0.113.9',
      session_id: own,
      error: null,
      at: env.clock.now().getTime(),
    })
    expect(row.request_id).toMatch(/^[\w-]+$/)
  })

  it('records refusals with the reason: no session, a bad token, an unknown customer, a wrong password', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    await postForm(env, '/customers/nagy-bt/block', null, { _csrf: 'x' })
    await postForm(env, '/customers/nagy-bt/block', s, { _csrf: 'not-the-token' })
    await postForm(env, '/customers/nagy-bt/block', s)
    const form = await getPage(env, '/login')
    const loginCsrf = form.headers.getSetCookie()[0].split(';')[0]
    const token = /name="_csrf" value="([^"]+)"/.exec(form.html)![1]
    await postForm(env, '/login', null, { _csrf: token, password: 'guess' }, { Cookie: loginCsrf })
    const rows = await auditRows(env)
    expect(rows.map((r) => [r.action, r.outcome, r.customer_id, r.error])).toEqual([
      ['block', 'refused', 'nagy-bt', 'not signed in'],
      ['block', 'refused', 'nagy-bt', 'CSRF token missing or wrong'],
      ['block', 'refused', 'nagy-bt', 'Customer nagy-bt does not exist (any more).'],
      ['login', 'refused', null, 'wrong password'],
    ])
  })

  it('records a controller call that failed as an error, with what the operator was told', async () => {
    const env = await dashboardEnv()
    await managedCustomer(env, 'kovacs-csalad', { controllerUrl: 'http://127.0.0.1:9' })
    const s = await signIn(env)
    await postForm(env, '/customers/kovacs-csalad/push-config', s)
    const [row] = await auditRows(env)
    expect([row.action, row.outcome, row.customer_id]).toEqual(['push_config', 'error', 'kovacs-csalad'])
    expect(row.error).toMatch(/^Push failed: /)
  })

  it('records the customer of a config created through the form', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const res = await postForm(env, '/configs', s, { customer_id: 'uj-ugyfel', display_name: 'Új' })
    expect(res.status).toBe(200)
    const [row] = await auditRows(env)
    expect([row.action, row.outcome, row.customer_id]).toEqual(['config_create', 'ok', 'uj-ugyfel'])
  })

  it('outlives a purge of the customer it names, the purge itself recorded', async () => {
    const env = await dashboardEnv()
    await managedCustomer(env, 'torlendo')
    const s = await signIn(env)
    await postForm(env, '/customers/torlendo/block', s)
    await postForm(env, '/customers/torlendo/purge', s, { confirm: 'torlendo' })
    const rows = await auditRows(env, 'customer_id = ?', ['torlendo'])
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['block', 'ok'],
      ['purge', 'ok'],
    ])
  })

  it('never holds a secret: no password, code, recovery code, token, API key or form body', async () => {
    const env = await dashboardEnv()
    const factor = await enrolFactor(env)
    // A full sign-in: password, then a wrong code, then the right one; then a recovery code.
    const form = await getPage(env, '/login')
    const loginCsrf = form.headers.getSetCookie()[0].split(';')[0]
    const token = /name="_csrf" value="([^"]+)"/.exec(form.html)![1]
    const pw = await postForm(
      env,
      '/login',
      null,
      { _csrf: token, password: DASHBOARD_PASSWORD },
      { Cookie: loginCsrf },
    )
    const cookie = `${pw.headers.getSetCookie()[0].split(';')[0]}; ${loginCsrf}`
    const codePage = await getPage(env, '/login/code', null, { Cookie: cookie })
    const pending = /name="_csrf" value="([^"]+)"/.exec(codePage.html)![1]
    const wrongCode = factor.code() === '123456' ? '654321' : '123456'
    await postForm(env, '/login/code', null, { _csrf: pending, code: wrongCode }, { Cookie: cookie })
    await postForm(
      env,
      '/login/recovery',
      null,
      { _csrf: pending, recovery_code: factor.recoveryCodes[0] },
      { Cookie: cookie },
    )
    // Forms that carry tokens, and a reveal of a customer's credentials.
    const s = await signIn(env)
    const creds = await managedCustomer(env, 'kovacs-csalad')
    await postForm(env, '/configs', s, {
      customer_id: 'titkos-bt',
      tunnel_token: 'tunnel-secret-value',
      registry_token: 'registry-secret-value',
    })
    await postForm(env, '/configs/kovacs-csalad', s, {
      display_name: 'K',
      tunnel_token: 'another-tunnel-secret',
    })
    await postForm(env, '/customers/kovacs-csalad/reveal-credentials', s)
    const rows = await auditRows(env)
    expect(rows.map((r) => r.action)).toEqual([
      'login',
      'second_factor',
      'recovery_code',
      'config_create',
      'config_edit',
      'reveal_credentials',
    ])
    const all = JSON.stringify(rows)
    const secrets = [
      DASHBOARD_PASSWORD,
      wrongCode,
      factor.recoveryCodes[0],
      factor.recoveryCodes[0].replace('-', ''),
      'tunnel-secret-value',
      'registry-secret-value',
      'another-tunnel-secret',
      creds.api_key,
      creds.retrieval_password,
      s.csrf,
      pending,
    ]
    for (const secret of secrets) expect(all).not.toContain(secret)
  })
})
