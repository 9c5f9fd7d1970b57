// Dashboard sessions, the README's Dashboard section: a random id in an HttpOnly cookie, its SHA-256 digest in the
// sessions table (revocable, 7-day expiry), a CSRF token per session, bcrypt for the password.
import bcrypt from 'bcryptjs'
import { randomToken, sha256Hex, timingSafeEqual } from '../core/crypto.js'
import type { Env } from '../core/env.js'
import { deleteSession, insertSession, liveSession } from '../store/sessions.js'
import type { ThrottlePolicy } from './throttle.js'
import { clearCookie, readCookies, setCookie } from './cookies.js'
import { clientIp, isSecureRequest } from './forwarded.js'

export const SESSION_COOKIE = 'hub_session'
export const SESSION_TTL_MS = 7 * 86_400_000
/** Per client IP: five wrong passwords in 15 minutes lock that IP out for 15 minutes. */
export const LOGIN_THROTTLE: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  onSuccess: 'clear',
}

export interface DashboardSession {
  idDigest: string
  csrf: string
  expiresAt: number
}

/** An empty auth.password_hash leaves the dashboard open (with a red banner on every page). */
export const dashboardIsOpen = (env: Env) => env.config.auth.password_hash === ''

/** bcrypt's async compare: the work runs off the request's critical path without blocking others. */
export async function passwordMatches(env: Env, password: string): Promise<boolean> {
  const hash = env.config.auth.password_hash
  if (hash === '' || password === '' || password.length > 256) return false
  try {
    return await bcrypt.compare(password, hash)
  } catch {
    return false
  }
}

/** Starts a fresh session (a new id every login) and returns the cookie that carries it. */
export async function startSession(
  env: Env,
  req: Request,
): Promise<{ session: DashboardSession; cookie: string }> {
  const id = randomToken(32)
  const now = env.clock.now().getTime()
  const session = { idDigest: await sha256Hex(id), csrf: randomToken(24), expiresAt: now + SESSION_TTL_MS }
  await insertSession(env.db, {
    idDigest: session.idDigest,
    csrfToken: session.csrf,
    createdAt: now,
    expiresAt: session.expiresAt,
    ip: clientIp(env, req),
    userAgent: req.headers.get('user-agent')?.slice(0, 256) ?? null,
  })
  const secure = isSecureRequest(env, req)
  const cookie = setCookie(SESSION_COOKIE, id, { maxAgeSeconds: SESSION_TTL_MS / 1000, secure })
  return { session, cookie }
}

/** The live session named by the request's cookie, or null. */
export async function currentSession(env: Env, req: Request): Promise<DashboardSession | null> {
  const id = readCookies(req).get(SESSION_COOKIE)
  if (!id || id.length > 128) return null
  const row = await liveSession(env.db, await sha256Hex(id), env.clock.now().getTime())
  return row ? { idDigest: row.idDigest, csrf: row.csrfToken, expiresAt: row.expiresAt } : null
}

/** Deletes the request's session server-side and returns the cookie that clears it. */
export async function endSession(env: Env, req: Request): Promise<string> {
  const id = readCookies(req).get(SESSION_COOKIE)
  if (id) await deleteSession(env.db, await sha256Hex(id))
  return clearCookie(SESSION_COOKIE, isSecureRequest(env, req))
}

export function csrfMatches(expected: string, given: string | null | undefined): boolean {
  return typeof given === 'string' && given !== '' && timingSafeEqual(expected, given)
}
