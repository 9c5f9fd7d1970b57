// Dashboard sessions, the README's Dashboard section: a random id in an HttpOnly cookie, its SHA-256 digest in the
// sessions table (revocable, 7-day expiry), a CSRF token per session, bcrypt for the password.
// Each session remembers a digest of the auth.password_hash it was made under: a changed hash
// ends every session. An `enrol` session is the pre-session auth.totp_required allows before a
// second factor exists: it can do nothing but enrol one.
import bcrypt from 'bcryptjs'
import { randomToken, sha256Hex, timingSafeEqual } from '../core/crypto.js'
import type { Env } from '../core/env.js'
import {
  deleteSession,
  insertSession,
  liveSession,
  touchSession,
  type SessionKind,
} from '../store/sessions.js'
import { configuredDigest } from './api-key.js'
import type { ThrottlePolicy } from './throttle.js'
import { clearCookie, readCookies, setCookie } from './cookies.js'
import { clientIp, isSecureRequest } from './forwarded.js'

export const SESSION_COOKIE = 'hub_session'
export const SESSION_TTL_MS = 7 * 86_400_000
/** An enrolment-only pre-session lasts long enough to scan a QR code, not a working day. */
export const ENROL_SESSION_TTL_MS = 15 * 60_000
/** last_seen_at is written at most this often per session. */
export const LAST_SEEN_RESOLUTION_MS = 60_000
/** Per client IP: five wrong passwords (or codes) in 15 minutes lock that IP out for 15 minutes. */
export const LOGIN_THROTTLE: ThrottlePolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  onSuccess: 'clear',
}
/** The throttle key of the client's password and code attempts: both count against one allowance. */
export const loginThrottleKey = (env: Env, req: Request) => `login:${clientIp(env, req)}`

export interface DashboardSession {
  idDigest: string
  /** What the sessions page shows and revokes by. */
  publicId: string
  kind: SessionKind
  csrf: string
  expiresAt: number
}

/** An empty auth.password_hash leaves the dashboard open (with a red banner on every page). */
export const dashboardIsOpen = (env: Env) => env.config.auth.password_hash === ''

/** The digest of the configured password hash that sessions are bound to (computed once per process). */
export const passwordDigest = (env: Env): Promise<string> =>
  configuredDigest(env, `password-hash:${env.config.auth.password_hash}`)

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
  kind: SessionKind = 'full',
): Promise<{ session: DashboardSession; cookie: string }> {
  const id = randomToken(32)
  const now = env.clock.now().getTime()
  const ttl = kind === 'full' ? SESSION_TTL_MS : ENROL_SESSION_TTL_MS
  const row = await insertSession(env.db, {
    idDigest: await sha256Hex(id),
    kind,
    csrfToken: randomToken(24),
    createdAt: now,
    expiresAt: now + ttl,
    ip: clientIp(env, req),
    userAgent: req.headers.get('user-agent')?.slice(0, 256) ?? null,
    passwordDigest: await passwordDigest(env),
  })
  const secure = isSecureRequest(env, req)
  const cookie = setCookie(SESSION_COOKIE, id, { maxAgeSeconds: ttl / 1000, secure })
  return { session: toDashboardSession(row), cookie }
}

/** The live session named by the request's cookie, or null. Notes its use (once a minute at most). */
export async function currentSession(env: Env, req: Request): Promise<DashboardSession | null> {
  const id = readCookies(req).get(SESSION_COOKIE)
  if (!id || id.length > 128) return null
  const now = env.clock.now().getTime()
  const row = await liveSession(env.db, await sha256Hex(id), now, await passwordDigest(env))
  if (!row) return null
  if (now - row.lastSeenAt >= LAST_SEEN_RESOLUTION_MS) {
    await touchSession(env.db, row.idDigest, now, now - LAST_SEEN_RESOLUTION_MS + 1)
  }
  return toDashboardSession(row)
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

function toDashboardSession(row: {
  idDigest: string
  publicId: string
  kind: SessionKind
  csrfToken: string
  expiresAt: number
}): DashboardSession {
  return {
    idDigest: row.idDigest,
    publicId: row.publicId,
    kind: row.kind,
    csrf: row.csrfToken,
    expiresAt: row.expiresAt,
  }
}
