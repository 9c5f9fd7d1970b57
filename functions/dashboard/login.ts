// GET/POST /login and POST /logout. Before a session exists, the login form's CSRF token is a
// double-submit cookie: the POST must carry the same random value in the cookie and the field.
import { h } from 'preact'
import { clearCookie, readCookies, setCookie } from '../../lib/auth/cookies.js'
import { clientIp, isSecureRequest } from '../../lib/auth/forwarded.js'
import {
  LOGIN_THROTTLE,
  csrfMatches,
  currentSession,
  dashboardIsOpen,
  endSession,
  passwordMatches,
  startSession,
} from '../../lib/auth/session.js'
import { randomToken } from '../../lib/core/crypto.js'
import { redirect } from '../../lib/core/http.js'
import { admitAttempt, attemptSucceeded } from '../../lib/auth/throttle.js'
import { LoginPage } from '../../pages/login.js'
import { renderPage } from '../../pages/render.js'
import type { Handler } from '../types.js'
import { csrfRefusal, readForm, type DashRequest } from './context.js'

const LOGIN_CSRF_COOKIE = 'hub_login_csrf'

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

export const postLogin: Handler = async (req, env) => {
  if (dashboardIsOpen(env)) return redirect('/', 303)
  const form = await readForm(req)
  const cookieToken = readCookies(req).get(LOGIN_CSRF_COOKIE)
  if (!cookieToken || !csrfMatches(cookieToken, form.get('_csrf'))) return csrfRefusal()

  // Counted before bcrypt runs, so concurrent guesses cannot all slip in under the limit.
  const throttleKey = `login:${clientIp(env, req)}`
  const admission = await admitAttempt(env, throttleKey, LOGIN_THROTTLE)
  if (!admission.admitted) {
    const wait = admission.retryAfterSeconds
    return renderPage(h(LoginPage, { csrf: '', retryAfterSeconds: wait }), {
      status: 429,
      headers: { 'Retry-After': String(wait) },
    })
  }
  if (!(await passwordMatches(env, form.get('password') ?? ''))) {
    env.log.warn('dashboard login failed', { request_id: req.requestId, ip: clientIp(env, req) })
    return renderPage(h(LoginPage, { csrf: cookieToken, error: 'Wrong password.' }), { status: 401 })
  }
  await attemptSucceeded(env, throttleKey, LOGIN_THROTTLE)
  // A previous session on this browser is ended, so the id after login is always fresh.
  await endSession(env, req)
  const { cookie } = await startSession(env, req)
  env.log.info('dashboard login', { request_id: req.requestId, ip: clientIp(env, req) })
  const res = redirect('/', 303)
  res.headers.append('Set-Cookie', cookie)
  res.headers.append('Set-Cookie', clearCookie(LOGIN_CSRF_COOKIE, isSecureRequest(env, req)))
  return res
}

/** Runs after requireSession and requireCsrf: deletes the session server-side. */
export const postLogout = async (req: DashRequest, env: Parameters<Handler>[1]) => {
  const cookie = await endSession(env, req)
  const res = redirect(dashboardIsOpen(env) ? '/' : '/login', 303)
  res.headers.append('Set-Cookie', cookie)
  return res
}
