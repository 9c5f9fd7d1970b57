// A burst of concurrent wrong passwords from one address: the throttle counts each attempt before
// the password is compared, so no more than the allowance is ever evaluated, however concurrent.
import { describe, expect, it } from 'vitest'
import { setPeer } from '../../lib/auth/forwarded.js'
import { LOGIN_THROTTLE } from '../../lib/auth/session.js'
import { router } from '../../functions/routes.js'
import { DASHBOARD_PASSWORD, dashboardEnv } from '../support/dashboard.js'

const CSRF = 'burst-csrf-token-0123456789'

/** A login POST on a connection from one address, with a valid login CSRF cookie and field. */
function loginRequest(password: string): Request {
  const req = new Request('http://hub.test/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `hub_login_csrf=${CSRF}` },
    body: new URLSearchParams({ _csrf: CSRF, password }),
  })
  setPeer(req, '198.51.100.23')
  return req
}

describe('a concurrent burst of wrong logins from one address', () => {
  it('evaluates at most five passwords: the rest are 429, and then even the right password is refused', async () => {
    const env = await dashboardEnv()
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const res = await router.fetch(loginRequest(`wrong password ${i}`), env)
        return { status: res.status, html: await res.text(), retryAfter: res.headers.get('retry-after') }
      }),
    )
    const evaluated = answers.filter((a) => a.status === 401)
    const refused = answers.filter((a) => a.status === 429)
    expect(evaluated).toHaveLength(LOGIN_THROTTLE.maxFailures)
    expect(evaluated.every((a) => a.html.includes('Wrong password'))).toBe(true)
    expect(evaluated.length + refused.length).toBe(20)
    expect(refused.every((a) => Number(a.retryAfter) > 0)).toBe(true)

    const right = await router.fetch(loginRequest(DASHBOARD_PASSWORD), env)
    expect(right.status).toBe(429)
    expect(right.headers.getSetCookie().some((c: string) => c.startsWith('hub_session='))).toBe(false)
  })
})
