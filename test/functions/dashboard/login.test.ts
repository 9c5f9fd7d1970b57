import { describe, expect, it } from 'vitest'
import { SESSION_TTL_MS } from '../../../lib/auth/session.js'
import { sha256Hex } from '../../../lib/core/crypto.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import {
  DASHBOARD_PASSWORD,
  dashboardEnv,
  getPage,
  postForm,
  signIn,
  type PageResult,
} from '../../support/dashboard.js'

const cookieOf = (res: PageResult, name: string) =>
  res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))

/** Traefik's pod address in these tests, inside the trusted pod CIDR. */
const TRAEFIK = '10.42.0.7'
const behindTraefik = () => dashboardEnv({ config: { server: { trusted_proxies: ['10.42.0.0/16'] } } })

/**
 * A browser's login: GET the form for its CSRF cookie, then POST the password with it, over a
 * connection from `peer` (a direct client, or the proxy that forwards it).
 */
async function login(env: TestEnv, password: string, headers: Record<string, string> = {}, peer?: string) {
  const form = await getPage(env, '/login', null, headers, peer)
  const csrfCookie = cookieOf(form, 'hub_login_csrf')!.split(';')[0]
  const token = /name="_csrf" value="([^"]+)"/.exec(form.html)![1]
  const fields = { _csrf: token, password }
  return postForm(env, '/login', null, fields, { Cookie: csrfCookie, ...headers }, peer)
}

describe('dashboard sign-in', () => {
  it('sends an unauthenticated GET of a page and an unauthenticated POST to /login', async () => {
    const env = await dashboardEnv()
    for (const path of ['/', '/configs', '/configs/new', '/customers/kovacs-csalad']) {
      const res = await getPage(env, path)
      expect([res.status, res.location]).toEqual([303, '/login'])
    }
    const post = await postForm(env, '/customers/kovacs-csalad/block', null, { _csrf: 'x' })
    expect([post.status, post.location]).toEqual([303, '/login'])
  })

  it('signs in with the right password: a fresh HttpOnly SameSite=Lax session whose id is stored only as a digest', async () => {
    const env = await dashboardEnv()
    const form = await getPage(env, '/login')
    expect(form.status).toBe(200)
    expect(form.html).toContain('name="password"')
    expect(form.html).toContain('name="_csrf"')
    const res = await login(env, DASHBOARD_PASSWORD)
    expect([res.status, res.location]).toEqual([303, '/'])
    const cookie = cookieOf(res, 'hub_session')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Path=\//)
    expect(cookie).toMatch(/Max-Age=604800/)
    expect(cookie).not.toMatch(/Secure/)
    const id = decodeURIComponent(cookie.split(';')[0].slice('hub_session='.length))
    const rows = (await env.db.execute('SELECT id_digest FROM sessions')).rows
    expect(rows.map((r) => r.id_digest)).toEqual([await sha256Hex(id)])
    expect(JSON.stringify(rows)).not.toContain(id)
    const fleet = await getPage(env, '/', null, { Cookie: cookie.split(';')[0] })
    expect(fleet.status).toBe(200)
  })

  it('marks the cookie Secure when a trusted proxy says the browser used https', async () => {
    const env = await behindTraefik()
    const res = await login(env, DASHBOARD_PASSWORD, { 'X-Forwarded-Proto': 'https' }, TRAEFIK)
    expect(cookieOf(res, 'hub_session')).toMatch(/; Secure/)
    expect(cookieOf(res, 'hub_login_csrf')).toMatch(/; Secure/)
  })

  it('does not mark the cookie Secure on X-Forwarded-Proto from a peer that is not a trusted proxy', async () => {
    const env = await behindTraefik()
    const res = await login(env, DASHBOARD_PASSWORD, { 'X-Forwarded-Proto': 'https' }, '203.0.113.50')
    expect(res.status).toBe(303)
    expect(cookieOf(res, 'hub_session')).not.toMatch(/Secure/)
  })

  it('issues a new session id at every login and ends the one the browser had', async () => {
    const env = await dashboardEnv()
    const old = await signIn(env)
    const form = await getPage(env, '/login')
    const csrfCookie = cookieOf(form, 'hub_login_csrf')!.split(';')[0]
    const token = /name="_csrf" value="([^"]+)"/.exec(form.html)![1]
    const fields = { _csrf: token, password: DASHBOARD_PASSWORD }
    const res = await postForm(env, '/login', null, fields, { Cookie: `${csrfCookie}; ${old.cookie}` })
    const fresh = cookieOf(res, 'hub_session')!.split(';')[0]
    expect(fresh).not.toBe(old.cookie)
    expect((await getPage(env, '/', old)).status).toBe(303)
    expect((await getPage(env, '/', null, { Cookie: fresh })).status).toBe(200)
  })

  it('refuses a login POST whose CSRF token does not match the login cookie', async () => {
    const env = await dashboardEnv()
    const fields = { _csrf: 'forged-token-0123456789', password: DASHBOARD_PASSWORD }
    const cookie = { Cookie: 'hub_login_csrf=another-token-0123456789' }
    const res = await postForm(env, '/login', null, fields, cookie)
    expect(res.status).toBe(403)
    expect(cookieOf(res, 'hub_session')).toBeUndefined()
  })

  it('answers a wrong password with 401 and locks the IP out with 429 after five failures, other IPs unaffected', async () => {
    const env = await dashboardEnv()
    for (let i = 0; i < 5; i++) {
      const res = await login(env, 'wrong password', {}, '203.0.113.7')
      expect(res.status).toBe(401)
      expect(res.html).toContain('Wrong password')
    }
    const locked = await login(env, DASHBOARD_PASSWORD, {}, '203.0.113.7')
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(cookieOf(locked, 'hub_session')).toBeUndefined()
    const other = await login(env, DASHBOARD_PASSWORD, {}, '198.51.100.2')
    expect(other.status).toBe(303)
    env.clock.advance(16 * 60_000)
    expect((await login(env, DASHBOARD_PASSWORD, {}, '203.0.113.7')).status).toBe(303)
  })

  it('clears the count at a successful login', async () => {
    const env = await dashboardEnv()
    for (let i = 0; i < 4; i++) await login(env, 'wrong password', {}, '203.0.113.7')
    expect((await login(env, DASHBOARD_PASSWORD, {}, '203.0.113.7')).status).toBe(303)
    for (let i = 0; i < 5; i++) expect((await login(env, 'wrong', {}, '203.0.113.7')).status).toBe(401)
    expect((await login(env, DASHBOARD_PASSWORD, {}, '203.0.113.7')).status).toBe(429)
  })

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: rotating it still hits the same bucket', async () => {
    const env = await behindTraefik()
    for (let i = 0; i < 5; i++) {
      const res = await login(env, 'wrong password', { 'X-Forwarded-For': `192.0.2.${i}` }, '203.0.113.50')
      expect(res.status).toBe(401)
    }
    const locked = await login(env, DASHBOARD_PASSWORD, { 'X-Forwarded-For': '198.51.100.9' }, '203.0.113.50')
    expect(locked.status).toBe(429)
    const session = await env.db.execute('SELECT count(*) AS n FROM sessions')
    expect(session.rows[0].n).toBe(0)
  })

  it('behind a trusted proxy, keys the throttle on the right-most X-Forwarded-For entry that is not a trusted proxy', async () => {
    const env = await behindTraefik()
    for (let i = 0; i < 5; i++) {
      // The client claims a different address each time; Traefik appends the real one, and an
      // inner proxy (also in the pod CIDR) its own.
      const xff = `192.0.2.${i}, 203.0.113.9, 10.42.1.3`
      expect((await login(env, 'wrong password', { 'X-Forwarded-For': xff }, TRAEFIK)).status).toBe(401)
    }
    const again = { 'X-Forwarded-For': '192.0.2.200, 203.0.113.9' }
    expect((await login(env, DASHBOARD_PASSWORD, again, TRAEFIK)).status).toBe(429)
    const other = await login(env, DASHBOARD_PASSWORD, { 'X-Forwarded-For': '203.0.113.10' }, TRAEFIK)
    expect(other.status).toBe(303)
    const stored = await env.db.execute('SELECT ip FROM sessions')
    expect(stored.rows.map((r) => r.ip)).toEqual(['203.0.113.10'])
  })

  it('expires a session after seven days', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    env.clock.advance(SESSION_TTL_MS - 1000)
    expect((await getPage(env, '/', s)).status).toBe(200)
    env.clock.advance(2000)
    expect((await getPage(env, '/', s)).status).toBe(303)
  })

  it('logs out by deleting the session server-side', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const res = await postForm(env, '/logout', s)
    expect([res.status, res.location]).toEqual([303, '/login'])
    expect(cookieOf(res, 'hub_session')).toMatch(/Max-Age=0/)
    expect((await env.db.execute('SELECT count(*) AS n FROM sessions')).rows[0].n).toBe(0)
    expect((await getPage(env, '/', s)).status).toBe(303)
  })

  it('serves every page with the security headers', async () => {
    const env = await dashboardEnv()
    const res = await getPage(env, '/', await signIn(env))
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const csp = res.headers.get('content-security-policy')!
    const directives = ["default-src 'none'", "script-src 'self'", "style-src 'self'", "form-action 'self'"]
    for (const d of [...directives, "frame-ancestors 'none'", "base-uri 'none'"]) expect(csp).toContain(d)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    expect(res.headers.get('cache-control')).toBe('no-store')
    // The one script is the hub's own file; nothing inline.
    expect(res.html.match(/<script[^>]*>[^<]*<\/script>/gi)).toEqual([
      '<script src="/assets/hub.js" defer></script>',
    ])
    const css = await getPage(env, '/assets/hub.css')
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    const js = await getPage(env, '/assets/hub.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.html).toContain('data-refresh-seconds')
  })
})

describe('open dashboard (empty password hash)', () => {
  it('shows every page with a red banner, gives the browser a session, and still checks CSRF on POST', async () => {
    const env = await testEnv()
    const res = await getPage(env, '/')
    expect(res.status).toBe(200)
    expect(res.html).toContain('class="open-banner"')
    const cookie = cookieOf(res, 'hub_session')!.split(';')[0]
    const token = /name="_csrf" value="([^"]+)"/.exec(res.html)
    expect(res.html).not.toContain('action="/logout"') // no logout form in open mode
    const page = await getPage(env, '/configs/new', null, { Cookie: cookie })
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)![1]
    expect(token?.[1]).toBe(csrf) // the fleet's forms (fleet-wide maintenance) carry the session's token
    const browser = { Cookie: cookie }
    const forged = { _csrf: 'wrong', customer_id: 'open-one' }
    const refused = await postForm(env, '/configs', null, forged, browser)
    expect(refused.status).toBe(403)
    const ok = await postForm(env, '/configs', null, { _csrf: csrf, customer_id: 'open-one' }, browser)
    expect(ok.status).toBe(200)
    expect((await getPage(env, '/login')).location).toBe('/')
  })
})
