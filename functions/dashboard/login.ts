// GET/POST /login and POST /logout. Before a session exists, the login form's CSRF token is a
// double-submit cookie: the POST must carry the same random value in the cookie and the field.
// The right password alone yields a session only while no second factor is enrolled; with one, it
// yields a pending login that the code completes (login-code.ts); with auth.totp_required and no
// factor yet, an enrolment-only pre-session.
import { h, type VNode } from 'preact'
import { clearCookie, readCookies, setCookie } from '../../lib/auth/cookies.js'
import { clientIp, isSecureRequest } from '../../lib/auth/forwarded.js'
import { startPendingLogin } from '../../lib/auth/pending-login.js'
import {
  LOGIN_THROTTLE,
  csrfMatches,
  currentSession,
  dashboardIsOpen,
  endSession,
  loginThrottleKey,
  passwordMatches,
  startSession,
} from '../../lib/auth/session.js'
import { randomToken } from '../../lib/core/crypto.js'
import { redirect } from '../../lib/core/http.js'
import { admitAttempt, attemptRefunded, attemptSucceeded } from '../../lib/auth/throttle.js'
import { hasFactor } from '../../lib/store/second-factor.js'
import { LoginPage } from '../../pages/login.js'
import { renderPage } from '../../pages/render.js'
import { auditDetail, auditOutcome, auditSession } from '../audit.js'
import type { Env } from '../../lib/core/env.js'
import type { Handler, HubRequest } from '../types.js'
import { ENROL_PAGE, csrfRefusal, readForm, type DashRequest } from './context.js'

export const LOGIN_CSRF_COOKIE = 'hub_login_csrf'

function loginCsrf(req: Request, secure: boolean): { token: string; cookies: string[] } {
  const existing = readCookies(req).get(LOGIN_CSRF_COOKIE)
  if (existing && /^[\w-]{20,64}$/.test(existing)) return { token: existing, cookies: [] }
  const token = randomToken(24)
  const cookie = setCookie(LOGIN_CSRF_COOKIE, token, { maxAgeSeconds: 3600, secure })
  return { token, cookies: [cookie] }
}

export const getLoginPage: Handler = async (req, env) => {
  if (dashboardIsOpen(env) || (await currentSession(env, req))) return redirect('/', 303)
  const { token, cookies } = loginCsrf(req, isSecureRequest(env, req))
  return renderPage(h(LoginPage, { csrf: token }), { cookies })
}

/**
 * Counts a sign-in attempt (password or code) against the client's address before anything is
 * compared, so concurrent guesses cannot all slip in under the limit. Over the limit: the 429
 * answer, `page` rendered for the wait, the refusal audited.
 */
export async function admitSignIn(
  env: Env,
  req: HubRequest,
  page: (retryAfterSeconds: number) => VNode<any>,
): Promise<{ throttleKey: string } | { refused: Response }> {
  const throttleKey = loginThrottleKey(env, req)
  const admission = await admitAttempt(env, throttleKey, LOGIN_THROTTLE)
  if (admission.admitted) return { throttleKey }
  const wait = admission.retryAfterSeconds
  auditOutcome(req, 'refused', 'too many failed attempts from this address')
  const headers = { 'Retry-After': String(wait) }
  return { refused: renderPage(page(wait), { status: 429, headers }) }
}

export const postLogin: Handler = async (req, env) => {
  if (dashboardIsOpen(env)) {
    auditDetail(req, 'no password is set: the dashboard is open')
    return redirect('/', 303)
  }
  const form = await readForm(req)
  const cookieToken = readCookies(req).get(LOGIN_CSRF_COOKIE)
  if (!cookieToken || !csrfMatches(cookieToken, form.get('_csrf'))) {
    auditOutcome(req, 'refused', 'CSRF token missing or wrong')
    return csrfRefusal()
  }

  // Counted before bcrypt runs.
  const admission = await admitSignIn(env, req, (wait) => h(LoginPage, { csrf: '', retryAfterSeconds: wait }))
  if ('refused' in admission) return admission.refused
  const { throttleKey } = admission
  if (!(await passwordMatches(env, form.get('password') ?? ''))) {
    env.log.warn('dashboard login failed', { request_id: req.requestId, ip: clientIp(env, req) })
    auditOutcome(req, 'refused', 'wrong password')
    return renderPage(h(LoginPage, { csrf: cookieToken, error: 'Wrong password.' }), { status: 401 })
  }

  // 1. A factor is enrolled: the password was one half. It stops counting against the address,
  //    but forgives nothing: only the code completes the login and clears the count.
  if (await hasFactor(env.db)) {
    await attemptRefunded(env, throttleKey, LOGIN_THROTTLE)
    auditDetail(req, 'password right; second factor asked')
    const res = redirect('/login/code', 303)
    res.headers.append('Set-Cookie', await startPendingLogin(env, req))
    return res
  }
  await attemptSucceeded(env, throttleKey, LOGIN_THROTTLE)
  // A previous session on this browser is ended, so the id after login is always fresh.
  await endSession(env, req)
  // 2. auth.totp_required and no factor yet: a pre-session that can only enrol one.
  const enrolOnly = env.config.auth.totp_required
  const { cookie, session } = await startSession(env, req, enrolOnly ? 'enrol' : 'full')
  auditSession(req, session.publicId)
  if (enrolOnly) auditDetail(req, 'enrolment-only session: auth.totp_required and no second factor')
  env.log.info('dashboard login', {
    request_id: req.requestId,
    ip: clientIp(env, req),
    enrol_only: enrolOnly,
  })
  const res = redirect(enrolOnly ? ENROL_PAGE : '/', 303)
  res.headers.append('Set-Cookie', cookie)
  res.headers.append('Set-Cookie', clearCookie(LOGIN_CSRF_COOKIE, isSecureRequest(env, req)))
  return res
}

/** Runs after requireAnySession and requireCsrf: deletes the session server-side. */
export const postLogout = async (req: DashRequest, env: Parameters<Handler>[1]) => {
  const cookie = await endSession(env, req)
  const res = redirect(dashboardIsOpen(env) ? '/' : '/login', 303)
  res.headers.append('Set-Cookie', cookie)
  return res
}
