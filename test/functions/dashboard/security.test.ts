// /settings/security: enrolling the authenticator (QR code on the server, active only after one
// right code), recovery codes, removal; and auth.totp_required's enrolment-only pre-session.
import { readFileSync } from 'node:fs'
import { Secret } from 'otpauth/slim'
import { describe, expect, it } from 'vitest'
import { recoveryCodeDigest } from '../../../lib/auth/recovery-codes.js'
import { totpCode } from '../../../lib/auth/totp.js'
import { sha256Hex } from '../../../lib/core/crypto.js'
import type { TestEnv } from '../../support/env.js'
import {
  DASHBOARD_PASSWORD,
  dashboardEnv,
  flashOf,
  getPage,
  postForm,
  signIn,
  type PageResult,
  type TestSession,
} from '../../support/dashboard.js'
import { managedCustomer } from '../../support/factories.js'
import { auditRows, enrolFactor } from '../../support/second-factor.js'

const cookieOf = (res: PageResult, name: string) =>
  res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))
const countOf = async (env: TestEnv, sql: string) => Number((await env.db.execute(sql)).rows[0].n)
const secretOn = (html: string) => /data-secret="totp">([A-Z2-7 ]+)</.exec(html)![1].replace(/ /g, '')
const codesOn = (html: string) =>
  [...html.matchAll(/<li><code>([0-9a-z]{5}-[0-9a-z]{5})<\/code><\/li>/g)].map((m) => m[1])

/** Begins an enrolment as the page's button does; the page then shows the QR code and the key. */
async function beginEnrolment(env: TestEnv, s: TestSession) {
  const started = await postForm(env, '/settings/security/enrol', s)
  expect([started.status, started.location]).toEqual([303, '/settings/security'])
  const page = await getPage(env, '/settings/security', s)
  return { page, secret: Secret.fromBase32(secretOn(page.html)).bytes }
}

describe('enrolling the authenticator app', () => {
  it('shows a server-made QR code (inline SVG, no style attribute, no script) and the key as text', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const before = await getPage(env, '/settings/security', s)
    expect(before.html).toContain('Second factor: not set up')
    expect(before.html).toContain('href="/settings/security"') // in the navigation
    const { page } = await beginEnrolment(env, s)
    expect(page.status).toBe(200)
    const qr = /<div class="qr" role="img" aria-label="[^"]+"><svg [^]*?<\/svg><\/div>/.exec(page.html)
    expect(qr).not.toBeNull()
    expect(qr![0]).not.toMatch(/style|<script/i)
    // The page's only script is the dashboard's own same-origin file; no inline script or style.
    expect(page.html).not.toMatch(/<script(?![^>]*\ssrc="\/assets\/hub\.js")|\sstyle=/i)
    expect(secretOn(page.html)).toMatch(/^[A-Z2-7]{32}$/)
    expect(page.headers.get('cache-control')).toBe('no-store')
  })

  it('is not active until a right code is given; a wrong code changes nothing', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const { secret } = await beginEnrolment(env, s)
    expect(await countOf(env, 'SELECT count(*) AS n FROM totp_factor')).toBe(0)
    const now = env.clock.now().getTime()
    const wrong = totpCode(secret, now + 120_000)
    const refused = await postForm(env, '/settings/security/confirm', s, { code: wrong })
    expect(refused.status).toBe(400)
    expect(refused.html).toContain('does not match')
    expect(await countOf(env, 'SELECT count(*) AS n FROM totp_factor')).toBe(0)
    // Signing in still takes only the password.
    expect((await getPage(env, '/', s)).status).toBe(200)

    const ok = await postForm(env, '/settings/security/confirm', s, { code: totpCode(secret, now) })
    expect(ok.status).toBe(200)
    const codes = codesOn(ok.html)
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    expect(await countOf(env, 'SELECT count(*) AS n FROM totp_factor')).toBe(1)
    const page = await getPage(env, '/settings/security', s)
    expect(page.html).toContain('Second factor: authenticator app')
    expect(page.html).toContain('10 of 10 unused')
    expect(page.html).not.toContain(codes[0]) // shown once
    const audit = await auditRows(env)
    expect(audit.map((r) => [r.action, r.outcome])).toEqual([
      ['totp_enrol_start', 'ok'],
      ['totp_enrol', 'refused'],
      ['totp_enrol', 'ok'],
    ])
  })

  it('keeps the secret sealed at rest and the recovery codes as keyed digests only', async () => {
    const env = await dashboardEnv()
    const factor = await enrolFactor(env)
    const base32 = new Secret({ buffer: factor.secret.slice().buffer }).base32
    const file = readFileSync(env.dbPath)
    expect(file.includes(Buffer.from(factor.secret))).toBe(false)
    expect(file.includes(Buffer.from(base32))).toBe(false)
    for (const code of factor.recoveryCodes) {
      expect(file.includes(Buffer.from(code))).toBe(false)
      expect(file.includes(Buffer.from(code.replace('-', '')))).toBe(false)
    }
    // Digests are HMACs under the secret key: the plain SHA-256 of a code is not what is stored.
    const stored = (await env.db.execute('SELECT digest FROM recovery_codes')).rows.map((r) => r.digest)
    expect(stored).toContain(await recoveryCodeDigest(env, factor.recoveryCodes[0]))
    expect(stored).not.toContain(await sha256Hex(factor.recoveryCodes[0].replace('-', '')))
  })

  it('ends every other session when the factor is set up, replaced or removed, or the codes renewed', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const other = await signIn(env)
    const confirm = async () => {
      const { secret } = await beginEnrolment(env, s)
      return postForm(env, '/settings/security/confirm', s, {
        code: totpCode(secret, env.clock.now().getTime()),
      })
    }
    expect((await confirm()).status).toBe(200)
    expect((await getPage(env, '/', other)).location).toBe('/login')
    expect((await getPage(env, '/', s)).status).toBe(200)

    for (const change of [
      () => (env.clock.advance(30_000), confirm()), // replaced (a new phone)
      () => postForm(env, '/settings/security/recovery-codes', s),
      () => postForm(env, '/settings/security/remove', s),
    ]) {
      const third = await signIn(env)
      const res = await change()
      expect(res.status).toBeLessThan(400)
      expect((await getPage(env, '/', third)).location).toBe('/login')
      expect((await getPage(env, '/', s)).status).toBe(200)
    }
    expect(await countOf(env, 'SELECT count(*) AS n FROM totp_factor')).toBe(0)
    expect(await countOf(env, 'SELECT count(*) AS n FROM recovery_codes')).toBe(0)
  })

  it('renews the recovery codes: ten new ones shown once, the old ones dead', async () => {
    const env = await dashboardEnv()
    const factor = await enrolFactor(env)
    const s = await signIn(env)
    const res = await postForm(env, '/settings/security/recovery-codes', s)
    const fresh = codesOn(res.html)
    expect(fresh).toHaveLength(10)
    const digests = (await env.db.execute('SELECT digest FROM recovery_codes')).rows.map((r) => r.digest)
    expect(digests).not.toContain(await recoveryCodeDigest(env, factor.recoveryCodes[0]))
    expect(digests).toContain(await recoveryCodeDigest(env, fresh[0]))
    const [row] = await auditRows(env, "action = 'recovery_codes_regenerate'")
    expect([row.outcome, row.detail]).toEqual(['ok', 'old recovery codes revoked; every other session ended'])
  })

  it('forgets an enrolment after 15 minutes, and says so', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const { secret } = await beginEnrolment(env, s)
    env.clock.advance(15 * 60_000)
    const late = await postForm(env, '/settings/security/confirm', s, {
      code: totpCode(secret, env.clock.now().getTime()),
    })
    expect(late.status).toBe(303)
    expect(flashOf(late)!.text).toContain('expired')
    expect(await countOf(env, 'SELECT count(*) AS n FROM totp_factor')).toBe(0)
  })
})

describe('auth.totp_required', () => {
  async function requiredEnv() {
    const env = await dashboardEnv()
    env.config.auth.totp_required = true
    return env
  }

  async function passwordLogin(env: TestEnv) {
    const form = await getPage(env, '/login')
    const loginCsrf = cookieOf(form, 'hub_login_csrf')!.split(';')[0]
    const token = /name="_csrf" value="([^"]+)"/.exec(form.html)![1]
    const fields = { _csrf: token, password: DASHBOARD_PASSWORD }
    return postForm(env, '/login', null, fields, { Cookie: loginCsrf })
  }

  it('leads a right password with no factor to an enrolment-only pre-session that can do nothing else', async () => {
    const env = await requiredEnv()
    await managedCustomer(env, 'kovacs-csalad')
    const res = await passwordLogin(env)
    expect([res.status, res.location]).toEqual([303, '/settings/security'])
    const cookie = cookieOf(res, 'hub_session')!
    expect(cookie).toMatch(/Max-Age=900/)
    const pre = { cookie: cookie.split(';')[0], csrf: '' }
    const page = await getPage(env, '/settings/security', pre)
    expect(page.status).toBe(200)
    expect(page.html).toContain('A second factor is required')
    expect(page.html).not.toContain('class="topbar"') // no navigation
    pre.csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)![1]

    for (const path of ['/', '/configs', '/customers/kovacs-csalad', '/audit', '/settings/sessions']) {
      expect((await getPage(env, path, pre)).location, path).toBe('/settings/security')
    }
    for (const path of [
      '/customers/kovacs-csalad/block',
      '/customers/kovacs-csalad/reveal-credentials',
      '/settings/security/recovery-codes',
    ]) {
      const refused = await postForm(env, path, pre, { confirm: 'kovacs-csalad' })
      expect(refused.location, path).toBe('/settings/security')
      expect(refused.html).not.toContain('fhk_')
    }
    expect(await countOf(env, 'SELECT count(*) AS n FROM customer_configs WHERE blocked = 1')).toBe(0)
    const refusedRows = await auditRows(env, "action = 'block'")
    expect(refusedRows.map((r) => [r.outcome, r.error])).toEqual([
      ['refused', 'a second factor must be enrolled first'],
    ])

    // Enrolling is what it can do; the first right code turns it into a full session.
    const { secret } = await beginEnrolment(env, pre)
    const done = await postForm(env, '/settings/security/confirm', pre, {
      code: totpCode(secret, env.clock.now().getTime()),
    })
    expect(done.status).toBe(200)
    expect(codesOn(done.html)).toHaveLength(10)
    const full = cookieOf(done, 'hub_session')!.split(';')[0]
    expect(full).not.toBe(pre.cookie)
    expect((await getPage(env, '/', null, { Cookie: full })).status).toBe(200)
    expect((await getPage(env, '/', pre)).location).toBe('/login') // the pre-session is gone
  })

  it('holds back a full session from before the setting until a factor exists', async () => {
    const env = await requiredEnv()
    const s = await signIn(env)
    expect((await getPage(env, '/', s)).location).toBe('/settings/security')
    await enrolFactor(env)
    // Enrolling elsewhere ended this session: the password and a code are needed now.
    expect((await getPage(env, '/', s)).location).toBe('/login')
  })

  it('asks for the code as usual once a factor exists, and refuses to remove the factor', async () => {
    const env = await requiredEnv()
    await enrolFactor(env)
    expect((await passwordLogin(env)).location).toBe('/login/code')
    const s = await signIn(env)
    const page = await getPage(env, '/settings/security', s)
    expect(page.html).not.toContain('/settings/security/remove')
    const res = await postForm(env, '/settings/security/remove', s)
    expect(flashOf(res)!.text).toContain('cannot be removed')
    expect(await countOf(env, 'SELECT count(*) AS n FROM totp_factor')).toBe(1)
  })
})
