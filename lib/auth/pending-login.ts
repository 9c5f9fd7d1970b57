// The half-finished login: the password was right and a second factor is enrolled. The browser
// gets a random id in a cookie of its own (never the session cookie); the database keeps its
// digest, a CSRF token for the code form, and the password hash's digest it was made under. It
// lives five minutes and is consumed by the code that completes it: never a session by itself.
import { randomToken, sha256Hex } from '../core/crypto.js'
import type { Env } from '../core/env.js'
import {
  consumePendingLogin,
  insertPendingLogin,
  livePendingLogin,
  type PendingLogin,
} from '../store/pending-logins.js'
import { clearCookie, readCookies, setCookie } from './cookies.js'
import { clientIp, isSecureRequest } from './forwarded.js'
import { passwordDigest } from './session.js'

export const PENDING_LOGIN_COOKIE = 'hub_pending_login'
export const PENDING_LOGIN_TTL_MS = 5 * 60_000

export type { PendingLogin }

/** Records the pending login and returns the cookie that carries it. */
export async function startPendingLogin(env: Env, req: Request): Promise<string> {
  const id = randomToken(32)
  const now = env.clock.now().getTime()
  await insertPendingLogin(env.db, {
    idDigest: await sha256Hex(id),
    csrfToken: randomToken(24),
    createdAt: now,
    expiresAt: now + PENDING_LOGIN_TTL_MS,
    ip: clientIp(env, req),
    userAgent: req.headers.get('user-agent')?.slice(0, 256) ?? null,
    passwordDigest: await passwordDigest(env),
  })
  const secure = isSecureRequest(env, req)
  return setCookie(PENDING_LOGIN_COOKIE, id, { maxAgeSeconds: PENDING_LOGIN_TTL_MS / 1000, secure })
}

/** The live pending login named by the request's cookie, or null. */
export async function currentPendingLogin(env: Env, req: Request): Promise<PendingLogin | null> {
  const id = readCookies(req).get(PENDING_LOGIN_COOKIE)
  if (!id || id.length > 128) return null
  const now = env.clock.now().getTime()
  return livePendingLogin(env.db, await sha256Hex(id), now, await passwordDigest(env))
}

/** Completes it: true for the one request that consumed the record. */
export const finishPendingLogin = (env: Env, pending: PendingLogin) =>
  consumePendingLogin(env.db, pending.idDigest)

export const clearPendingLoginCookie = (env: Env, req: Request) =>
  clearCookie(PENDING_LOGIN_COOKIE, isSecureRequest(env, req))
