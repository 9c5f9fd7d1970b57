// Signing in with a second factor: the password leads to a pending login (never a session), the
// code completes it; codes are throttled with the passwords, accepted ±1 step, each step once.
import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { PENDING_LOGIN_TTL_MS } from '../../../lib/auth/pending-login.js'
import { startFakeResend, resendConfig } from '../../support/fake-resend.js'
import type { TestEnv } from '../../support/env.js'
import {
  DASHBOARD_PASSWORD,
  dashboardEnv,
  getPage,
  postForm,
  type PageResult,
} from '../../support/dashboard.js'
import { auditRows, enrolFactor } from '../../support/second-factor.js'

const cookieOf = (res: PageResult, name: string) =>
  res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))
const pair = (c: string | undefined) => c!.split(';')[0]
const countOf = async (env: TestEnv, table: string) =>
  Number((await env.db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)

/** A browser's password step: the login form's CSRF cookie, then the POST. */
async function passwordStep(env: TestEnv, password = DASHBOARD_PASSWORD, peer = '203.0.113.7') {
  const form = await getPage(env, '/login', null, {}, peer)
  const loginCsrf = pair(cookieOf(form, 'hub_login_csrf'))
  const token = /name="_csrf" value="([^"]+)"/.exec(form.html)![1]
  const res = await postForm(env, '/login', null, { _csrf: token, password }, { Cookie: loginCsrf }, peer)
  const pending = cookieOf(res, 'hub_pending_login')
  return { res, cookie: pending ? `${pair(pending)}; ${loginCsrf}` : loginCsrf }
}

/** The code step as the browser does it: GET the form for its token, POST the code. */
async function codeStep(
  env: TestEnv,
  cookie: string,
  code: string,
  peer = '203.0.113.7',
  path = '/login/code',
) {
  const form = await getPage(env, path, null, { Cookie: cookie }, peer)
  const token = /name="_csrf" value="([^"]+)"/.exec(form.html)?.[1] ?? 'none'
  const field = path === '/login/code' ? 'code' : 'recovery_code'
  return postForm(env, path, null, { _csrf: token, [field]: code }, { Cookie: cookie }, peer)
}

async function signInWithCode(env: TestEnv, code: string, peer = '203.0.113.7') {
  const { cookie } = await passwordStep(env, DASHBOARD_PASSWORD, peer)
  return codeStep(env, cookie, code, peer)
}

describe('sign-in with a second factor', () => {
  it('answers the right password with the code step and no session; the right code then signs in', async () => {
    const env = await dashboardEnv()
    const factor = await enrolFactor(env)
    const { res, cookie } = await passwordStep(env)
    expect([res.status, res.location]).toEqual([303, '/login/code'])
    expect(cookieOf(res, 'hub_session')).toBeUndefined()
    expect(cookieOf(res, 'hub_pending_login')).toMatch(/HttpOnly; SameSite=Lax; Max-Age=300/)
    expect(await countOf(env, 'sessions')).toBe(0)
    // The pending login opens nothing: every page still sends the browser to /login.
    for (const path of ['/', '/settings/security', '/audit']) {
      expect((await getPage(env, path, null, { Cookie: cookie })).location).toBe('/login')
    }
    const page = await getPage(env, '/login/code', null, { Cookie: cookie })
    expect(page.html).toContain('name="code"')
    expect(page.html).toContain('autocomplete="one-time-code"')

    const done = await codeStep(env, cookie, factor.code())
    expect([done.status, done.location]).toEqual([303, '/'])
    const session = pair(cookieOf(done, 'hub_session'))
    expect(cookieOf(done, 'hub_pending_login')).toMatch(/Max-Age=0/)
    expect((await getPage(env, '/', null, { Cookie: session })).status).toBe(200)
    expect(await countOf(env, 'pending_logins')).toBe(0)
    const audit = await auditRows(env)
    expect(audit.map((r) => [r.action, r.outcome, r.ip])).toEqual([
      ['login', 'ok', '203.0.113.7'],
      ['second_factor', 'ok', '203.0.113.7'],
    ])
    expect(audit[0].detail).toBe('password right; second factor asked')
    const own = await env.db.execute('SELECT public_id FROM sessions')
    expect([audit[0].session_id, audit[1].session_id]).toEqual([null, own.rows[0].public_id])
  })

  it('refuses a wrong code with 401, and the pending login stays for another try', async () => {
    const env = await dashboardEnv()
    const factor = await enrolFactor(env)
    const { cookie } = await passwordStep(env)
    const wrong = factor.code() === '000000' ? '111111' : '000000'
    const res = await codeStep(env, cookie, wrong)
    expect(res.status).toBe(401)
    expect(res.html).toContain('Wrong code.')
    expect(cookieOf(res, 'hub_session')).toBeUndefined()
    expect(await countOf(env, 'sessions')).toBe(0)
    expect((await codeStep(env, cookie, factor.code())).location).toBe('/')
    const audit = await auditRows(env, "action = 'second_factor'")
    expect(audit.map((r) => [r.outcome, r.error])).toEqual([
      ['refused', 'wrong code'],
      ['ok', null],
    ])
  })

  it('accepts a code once: the same code again, or an older one, is refused as a replay', async () => {
    const env = await dashboardEnv()
    const factor = await enrolFactor(env)
    const code = factor.code()
    expect((await signInWithCode(env, code)).location).toBe('/')
    const replay = await signInWithCode(env, code)
    expect(replay.status).toBe(401)
    expect(replay.html).toContain('used already')
    // Thirty seconds on, the previous step's code is still inside the ±1 window, but a later
    // step was used already: refused too.
    env.clock.advance(30_000)
    expect((await signInWithCode(env, code)).status).toBe(401)
    expect((await signInWithCode(env, factor.code())).location).toBe('/')
    const refusals = await auditRows(env, "action = 'second_factor' AND outcome = 'refused'")
    expect(refusals.map((r) => r.error)).toEqual(['code already used (replay)', 'code already used (replay)'])
  })

  it("accepts the previous and the next step's code, and nothing further off", async () => {
    const env = await dashboardEnv()
    const factor = await enrolFactor(env)
    expect((await signInWithCode(env, factor.code(+60_000))).status).toBe(401)
    expect((await signInWithCode(env, factor.code(-60_000))).status).toBe(401)
    // The next step's code (a phone clock running ahead) signs in...
    expect((await signInWithCode(env, factor.code(+30_000))).location).toBe('/')
    // ...and spends that step: the code of now (an earlier step) is refused as a replay, and a
    // code of the step after the spent one signs in, even as the previous step's code.
    expect((await signInWithCode(env, factor.code())).status).toBe(401)
    env.clock.advance(90_000)
    expect((await signInWithCode(env, factor.code(-30_000))).location).toBe('/')
  })

  it('counts a wrong code like a wrong password: the address is locked after five of either', async () => {
    const env = await dashboardEnv()
    const factor = await enrolFactor(env)
    const peer = '198.51.100.20'
    for (let i = 0; i < 3; i++) expect((await passwordStep(env, 'wrong', peer)).res.status).toBe(401)
    const { cookie } = await passwordStep(env, DASHBOARD_PASSWORD, peer)
    expect((await codeStep(env, cookie, '000001', peer)).status).toBe(401)
    expect((await codeStep(env, cookie, '000002', peer)).status).toBe(401)
    const locked = await codeStep(env, cookie, factor.code(), peer)
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(cookieOf(locked, 'hub_session')).toBeUndefined()
    expect((await passwordStep(env, DASHBOARD_PASSWORD, peer)).res.status).toBe(429)
    // Another address is not affected; the locked one may try again after 15 minutes.
    expect((await signInWithCode(env, factor.code(), '192.0.2.1')).location).toBe('/')
    env.clock.advance(16 * 60_000)
    expect((await signInWithCode(env, factor.code(), peer)).location).toBe('/')
  })

  it('does not let the right password reset the count of wrong codes', async () => {
    const env = await dashboardEnv()
    await enrolFactor(env)
    const peer = '198.51.100.21'
    // A guesser who knows the password: password, wrong code, password, wrong code, ...
    const answers: number[] = []
    for (let i = 0; i < 6; i++) {
      const { res, cookie } = await passwordStep(env, DASHBOARD_PASSWORD, peer)
      if (res.status !== 303) {
        answers.push(res.status)
        continue
      }
      answers.push((await codeStep(env, cookie, String(100000 + i), peer)).status)
    }
    expect(answers).toEqual([401, 401, 401, 401, 401, 429])
    expect(await countOf(env, 'sessions')).toBe(0)
  })

  it('refuses the code step without the pending login, with a forged token, and after five minutes', async () => {
    const env = await dashboardEnv()
    const factor = await enrolFactor(env)
    const none = await postForm(env, '/login/code', null, { _csrf: 'x', code: factor.code() })
    expect([none.status, none.location]).toEqual([303, '/login'])
    expect((await getPage(env, '/login/code')).location).toBe('/login')

    const { cookie } = await passwordStep(env)
    const forged = await postForm(
      env,
      '/login/code',
      null,
      { _csrf: 'forged-0123456789abcdef', code: factor.code() },
      { Cookie: cookie },
    )
    expect(forged.status).toBe(403)

    env.clock.advance(PENDING_LOGIN_TTL_MS)
    const late = await codeStep(env, cookie, factor.code())
    expect([late.status, late.location]).toEqual([303, '/login'])
    expect(await countOf(env, 'sessions')).toBe(0)
    const errors = (await auditRows(env, "action = 'second_factor'")).map((r) => [r.outcome, r.error])
    expect(errors).toEqual([
      ['refused', 'no pending sign-in (expired, or the password step never ran)'],
      ['refused', 'CSRF token missing or wrong'],
      ['refused', 'no pending sign-in (expired, or the password step never ran)'],
    ])
  })

  it('ends a pending login when the password hash changes before the code is given', async () => {
    const env = await dashboardEnv()
    const factor = await enrolFactor(env)
    const { cookie } = await passwordStep(env)
    env.config.auth.password_hash = await bcrypt.hash('a new password', 4)
    expect((await codeStep(env, cookie, factor.code())).location).toBe('/login')
  })
})

describe('recovery codes at sign-in', () => {
  it('sign in once each, are audited, and email the operator', async () => {
    const resend = await startFakeResend()
    const env = await dashboardEnv({ config: { notifications: resendConfig(resend) } })
    const factor = await enrolFactor(env)
    const code = factor.recoveryCodes[3]
    const { cookie } = await passwordStep(env)
    expect((await getPage(env, '/login/recovery', null, { Cookie: cookie })).html).toContain(
      'name="recovery_code"',
    )
    // Typed loosely: upper case, no dash.
    const res = await codeStep(env, cookie, code.toUpperCase().replace('-', ''), undefined, '/login/recovery')
    expect([res.status, res.location]).toEqual([303, '/settings/security'])
    const session = pair(cookieOf(res, 'hub_session'))
    const security = await getPage(env, '/settings/security', null, { Cookie: session })
    expect(security.html).toContain('9 of 10 unused')

    await env.settle()
    expect(resend.emails).toHaveLength(1)
    const email = resend.emails[0]
    expect(email.to).toBe('ops@felhom.test')
    expect(email.subject).toBe('[felhom] A recovery code was used to sign in (9 left)')
    expect(email.text).toContain('Address: 203.0.113.7')
    expect(email.text).not.toContain(code)
    const logged = await env.db.execute(
      "SELECT status, customer_id FROM notification_log WHERE event_type = 'recovery_code_used'",
    )
    expect(logged.rows.map((r) => [r.status, r.customer_id])).toEqual([['sent', null]])

    // The same code a second time is refused; another one still works.
    env.clock.advance(60_000)
    const again = await passwordStep(env)
    const reused = await codeStep(env, again.cookie, code, undefined, '/login/recovery')
    expect(reused.status).toBe(401)
    expect(reused.html).toContain('not an unused recovery code')
    const other = await codeStep(env, again.cookie, factor.recoveryCodes[4], undefined, '/login/recovery')
    expect(other.location).toBe('/settings/security')

    const audit = await auditRows(env, "action = 'recovery_code'")
    expect(audit.map((r) => [r.outcome, r.detail ?? r.error])).toEqual([
      ['ok', '9 recovery codes left'],
      ['refused', 'wrong or used recovery code'],
      ['ok', '8 recovery codes left'],
    ])
    await env.settle()
    expect(resend.emails).toHaveLength(2)
  })

  it('counts a wrong recovery code against the address like a wrong password', async () => {
    const env = await dashboardEnv()
    await enrolFactor(env)
    const peer = '198.51.100.30'
    const { cookie } = await passwordStep(env, DASHBOARD_PASSWORD, peer)
    for (let i = 0; i < 5; i++) {
      expect((await codeStep(env, cookie, `aaaaa-aaaa${i}`, peer, '/login/recovery')).status).toBe(401)
    }
    expect((await codeStep(env, cookie, 'aaaaa-bbbbb', peer, '/login/recovery')).status).toBe(429)
  })
})
