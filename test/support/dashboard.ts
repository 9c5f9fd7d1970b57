// Dashboard test helpers: an env with a dashboard password, a signed-in session, and GET/POST
// calls that carry its cookie and CSRF token the way a browser form would.
import bcrypt from 'bcryptjs'
import { setPeer } from '../../lib/auth/forwarded.js'
import { startSession } from '../../lib/auth/session.js'
import { router } from '../../functions/routes.js'
import type { Env } from '../../lib/core/env.js'
import { testEnv, type TestEnv } from './env.js'

export const DASHBOARD_PASSWORD = 'correct horse battery staple'
let hash: Promise<string> | null = null
/** Cost 4 keeps the suite fast; the comparison path is the same as with cost 12. */
export const dashboardHash = () => (hash ??= bcrypt.hash(DASHBOARD_PASSWORD, 4))

export async function dashboardEnv(opts: Parameters<typeof testEnv>[0] = {}): Promise<TestEnv> {
  return testEnv({ ...opts, config: { ...opts.config, auth: { password_hash: await dashboardHash() } } })
}

export interface TestSession {
  /** The Cookie header value a browser would send. */
  cookie: string
  csrf: string
}

export async function signIn(env: Env): Promise<TestSession> {
  const req = new Request('http://hub.test/login', { method: 'POST' })
  const { session, cookie } = await startSession(env, req)
  return { cookie: cookie.split(';')[0], csrf: session.csrf }
}

export interface PageResult {
  status: number
  headers: Headers
  html: string
  location: string | null
}

async function send(req: Request, env: Env): Promise<PageResult> {
  const res = await router.fetch(req, env)
  const html = await res.text()
  return { status: res.status, headers: res.headers, html, location: res.headers.get('location') }
}

/** `peer`: the TCP peer the Node entry would have seen (none in a direct call). */
export function getPage(
  env: Env,
  path: string,
  session?: TestSession | null,
  headers: Record<string, string> = {},
  peer?: string,
) {
  const h: Record<string, string> = { ...headers }
  if (session) h.Cookie = [session.cookie, h.Cookie].filter(Boolean).join('; ')
  const req = new Request(`http://hub.test${path}`, { headers: h })
  setPeer(req, peer)
  return send(req, env)
}

/** POSTs a urlencoded form; `_csrf` is the session's token unless the fields say otherwise. */
export function postForm(
  env: Env,
  path: string,
  session: TestSession | null,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
  peer?: string,
) {
  const body = new URLSearchParams({ ...(session ? { _csrf: session.csrf } : {}), ...fields })
  const h: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }
  if (session) h.Cookie = [session.cookie, h.Cookie].filter(Boolean).join('; ')
  const req = new Request(`http://hub.test${path}`, { method: 'POST', headers: h, body })
  setPeer(req, peer)
  return send(req, env)
}

/** The flash message a 303 carries in its cookie, decoded. */
export function flashOf(res: PageResult): { kind: string; text: string } | null {
  const c = res.headers.getSetCookie().find((v) => v.startsWith('hub_flash='))
  if (!c) return null
  const raw = decodeURIComponent(c.split(';')[0].slice('hub_flash='.length))
  return raw ? JSON.parse(raw) : null
}

/** Follows a 303 with the flash cookie, as a browser does. */
export async function follow(env: Env, res: PageResult, session: TestSession) {
  const flash = res.headers.getSetCookie().find((v) => v.startsWith('hub_flash='))
  const extra: Record<string, string> = flash ? { Cookie: flash.split(';')[0] } : {}
  return getPage(env, res.location ?? '/', session, extra)
}
