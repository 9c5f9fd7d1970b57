// /settings/sessions: the live sessions with where and when they were used; ending one or all
// the others; and sessions that end by themselves when the password hash changes.
import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { startSession } from '../../../lib/auth/session.js'
import { setPeer } from '../../../lib/auth/forwarded.js'
import type { TestEnv } from '../../support/env.js'
import {
  dashboardEnv,
  flashOf,
  getPage,
  postForm,
  signIn,
  type TestSession,
} from '../../support/dashboard.js'
import { auditRows } from '../../support/second-factor.js'

/** A session as a login from `peer` with `agent` would start it. */
async function sessionFrom(env: TestEnv, peer: string, agent: string): Promise<TestSession> {
  const req = new Request('http://hub.test/login', { method: 'POST', headers: { 'User-Agent': agent } })
  setPeer(req, peer)
  const { session, cookie } = await startSession(env, req)
  return { cookie: cookie.split(';')[0], csrf: session.csrf }
}

const publicIds = (html: string) => [...html.matchAll(/data-session="([0-9a-f]{16})"/g)].map((m) => m[1])
/** The public id of the session that looks at the page. */
const ownId = (html: string) =>
  /data-session="([0-9a-f]{16})"><td class="cell-title"><code>[0-9a-f]{16}<\/code><span class="tag tag-ok">this browser/.exec(
    html,
  )![1]
const lastSeen = async (env: TestEnv) =>
  (await env.db.execute('SELECT last_seen_at FROM sessions ORDER BY created_at')).rows.map((r) =>
    Number(r.last_seen_at),
  )

describe('the sessions page', () => {
  it('lists each live session with when it signed in, when it was last seen, its address and browser', async () => {
    const env = await dashboardEnv()
    const laptop = await sessionFrom(env, '203.0.113.5', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0')
    env.clock.advance(5 * 60_000)
    const phone = await sessionFrom(env, '198.51.100.8', 'Mozilla/5.0 (Android 15) Chrome/150.0')
    env.clock.advance(60 * 60_000)
    const page = await getPage(env, '/settings/sessions', laptop)
    expect(page.status).toBe(200)
    const ids = publicIds(page.html)
    expect(ids).toHaveLength(2)
    // The laptop's request just now made it the most recently seen.
    expect(page.html).toMatch(/this browser/)
    for (const text of [
      '203.0.113.5',
      '198.51.100.8',
      'Firefox/140.0',
      'Chrome/150.0',
      '2026-11-29 04:30 UTC',
    ])
      expect(page.html).toContain(text)
    expect(page.html).toContain('1 h 0 min ago') // the phone, last seen at its sign-in
    expect(page.html).toContain('Sign out 1 other session')
    // Neither the session ids nor their digests are on the page.
    for (const s of [laptop, phone]) expect(page.html).not.toContain(s.cookie.split('=')[1])
    const digests = (await env.db.execute('SELECT id_digest FROM sessions')).rows.map((r) =>
      String(r.id_digest),
    )
    for (const d of digests) expect(page.html).not.toContain(d)
  })

  it('writes last_seen at most once a minute per session', async () => {
    const env = await dashboardEnv()
    const s = await signIn(env)
    const start = env.clock.now().getTime()
    env.clock.advance(59_999)
    await getPage(env, '/', s)
    expect(await lastSeen(env)).toEqual([start])
    env.clock.advance(1)
    await getPage(env, '/', s)
    expect(await lastSeen(env)).toEqual([start + 60_000])
    env.clock.advance(30_000)
    await getPage(env, '/', s)
    expect(await lastSeen(env)).toEqual([start + 60_000])
  })

  it('signs out another session (POST with the CSRF token), which stops working at once', async () => {
    const env = await dashboardEnv()
    const me = await signIn(env)
    const other = await signIn(env)
    const ids = publicIds((await getPage(env, '/settings/sessions', me)).html)
    const otherOwn = ownId((await getPage(env, '/settings/sessions', other)).html)
    expect(ids).toContain(otherOwn)
    expect(otherOwn).not.toBe(ownId((await getPage(env, '/settings/sessions', me)).html))

    const forged = await postForm(env, '/settings/sessions/revoke', me, {
      _csrf: 'forged-0123456789',
      session: otherOwn,
    })
    expect(forged.status).toBe(403)
    expect((await getPage(env, '/', other)).status).toBe(200)

    const res = await postForm(env, '/settings/sessions/revoke', me, { session: otherOwn })
    expect(flashOf(res)).toEqual({ kind: 'ok', text: `Session ${otherOwn} signed out.` })
    expect((await getPage(env, '/', other)).location).toBe('/login')
    expect((await getPage(env, '/', me)).status).toBe(200)
    const rows = await auditRows(env, "action = 'session_revoke'")
    expect(rows.map((r) => [r.outcome, r.detail, r.error])).toEqual([
      ['refused', null, 'CSRF token missing or wrong'],
      ['ok', `session ${otherOwn}`, null],
    ])
  })

  it('refuses to sign out its own session this way, and a session id that is not one', async () => {
    const env = await dashboardEnv()
    const me = await signIn(env)
    const own = ownId((await getPage(env, '/settings/sessions', me)).html)
    expect(flashOf(await postForm(env, '/settings/sessions/revoke', me, { session: own }))!.kind).toBe(
      'error',
    )
    expect(
      flashOf(await postForm(env, '/settings/sessions/revoke', me, { session: "x' OR 1=1" }))!.text,
    ).toBe('No such session.')
    expect((await getPage(env, '/', me)).status).toBe(200)
  })

  it('signs out every other session at once', async () => {
    const env = await dashboardEnv()
    const me = await signIn(env)
    const others = [await signIn(env), await signIn(env), await signIn(env)]
    const res = await postForm(env, '/settings/sessions/revoke-others', me)
    expect(flashOf(res)!.text).toBe('3 other sessions signed out.')
    for (const o of others) expect((await getPage(env, '/', o)).location).toBe('/login')
    expect((await getPage(env, '/', me)).status).toBe(200)
    const [row] = await auditRows(env, "action = 'session_revoke'")
    expect(row.detail).toBe('every other session (3)')
  })

  it('ends every session made under another password hash (the password was changed in hub.yaml)', async () => {
    const env = await dashboardEnv()
    const before = await signIn(env)
    env.config.auth.password_hash = await bcrypt.hash('the new password', 4)
    expect((await getPage(env, '/', before)).location).toBe('/login')
    const after = await signIn(env)
    expect((await getPage(env, '/', after)).status).toBe(200)
    // Only the sessions under the current hash are listed.
    expect(publicIds((await getPage(env, '/settings/sessions', after)).html)).toHaveLength(1)
  })
})
