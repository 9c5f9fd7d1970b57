// The dashboard's gate, without Preact: the session (full, or enrolment-only), the CSRF check, the
// flash message, the audited form chains. The route table imports these eagerly; the pages behind
// them load on the first dashboard request (functions/routes.ts), so a hub that only serves the API
// never loads Preact. The page helpers are in context.ts, which re-exports this module.
import { clearCookie, readCookies, setCookie } from '../../lib/auth/cookies.js'
import { isSecureRequest } from '../../lib/auth/forwarded.js'
import {
  csrfMatches,
  currentSession,
  dashboardIsOpen,
  startSession,
  type DashboardSession,
} from '../../lib/auth/session.js'
import type { Env } from '../../lib/core/env.js'
import { HttpError } from '../../lib/core/errors.js'
import { readBody, redirect } from '../../lib/core/http.js'
import { customerIdOf } from '../../lib/core/validate.js'
import type { Flash } from '../../pages/components/layout.js'
import { hasFactor } from '../../lib/store/second-factor.js'
import type { AuditAction } from '../../lib/audit/actions.js'
import { audited, auditFlash, auditOutcome } from '../audit.js'
import type { HubRequest } from '../types.js'

const FLASH_COOKIE = 'hub_flash'

export interface DashContext {
  session: DashboardSession
  open: boolean
  flash: Flash | null
  /** Set-Cookie values the response must carry (a new open-mode session, a consumed flash). */
  cookies: string[]
  /** Whether the browser came over TLS: the cookies this request sets get the Secure flag. */
  secure: boolean
  /** The session may only enrol a second factor (requireAnySession; requireSession refuses it). */
  enrolOnly: boolean
}

export type DashRequest = HubRequest & { dash: DashContext; form: URLSearchParams }
export type DashHandler = (req: DashRequest, env: Env) => Promise<Response>

/**
 * Middleware: attaches a full session, or sends the browser to /login. With an open dashboard
 * (empty password hash) a GET without a session gets one, so its forms have a CSRF token. An
 * enrolment-only session (auth.totp_required, no factor yet) is sent to the enrolment page.
 */
export async function requireSession(req: HubRequest, env: Env): Promise<Response | undefined> {
  const refusal = await attachSession(req, env)
  if (refusal) return refusal
  if (!(await mayEnrolOnly(req as DashRequest, env))) return undefined
  auditOutcome(req, 'refused', 'a second factor must be enrolled first')
  return redirect(ENROL_PAGE, 303)
}

/**
 * Middleware for the enrolment routes and logout: a full session, or the enrolment-only
 * pre-session; `req.dash.enrolOnly` says which.
 */
export async function requireAnySession(req: HubRequest, env: Env): Promise<Response | undefined> {
  const refusal = await attachSession(req, env)
  if (refusal) return refusal
  ;(req as DashRequest).dash.enrolOnly = await mayEnrolOnly(req as DashRequest, env)
  return undefined
}

export const ENROL_PAGE = '/settings/security'

/**
 * The chain of a dashboard form's POST, for the route table: audited as `action` (functions/audit.ts),
 * a full session, the session's CSRF token. A new action route gets its audit row from this one word.
 */
export const formAction = (action: AuditAction) => [audited(action), requireSession, requireCsrf] as const

/** The same for the enrolment routes, which the enrolment-only pre-session may reach too. */
export const enrolmentAction = (action: AuditAction) =>
  [audited(action), requireAnySession, requireCsrf] as const

async function attachSession(req: HubRequest, env: Env): Promise<Response | undefined> {
  const open = dashboardIsOpen(env)
  const cookies: string[] = []
  let session = await currentSession(env, req)
  if (!session && open && req.method === 'GET') {
    const started = await startSession(env, req)
    session = started.session
    cookies.push(started.cookie)
  }
  if (!session) {
    auditOutcome(req, 'refused', 'not signed in')
    return redirect('/login', 303)
  }
  const flash = readFlash(req)
  const secure = isSecureRequest(env, req)
  if (flash) cookies.push(clearCookie(FLASH_COOKIE, secure))
  ;(req as DashRequest).dash = { session, open, flash, cookies, secure, enrolOnly: false }
  return undefined
}

/**
 * Whether this session may only enrol: it is an `enrol` pre-session, or auth.totp_required is set
 * and no factor exists (a full session from before the setting was turned on gets no further).
 */
async function mayEnrolOnly(req: DashRequest, env: Env): Promise<boolean> {
  if (req.dash.session.kind === 'enrol') return true
  return env.config.auth.totp_required && !req.dash.open && !(await hasFactor(env.db))
}

/** Middleware for every POST after requireSession: reads the form and checks its `_csrf` field. */
export async function requireCsrf(req: HubRequest, env: Env): Promise<Response | undefined> {
  const r = req as DashRequest
  const form = await readForm(req)
  if (!csrfMatches(r.dash.session.csrf, form.get('_csrf'))) {
    auditOutcome(req, 'refused', 'CSRF token missing or wrong')
    env.log.warn('dashboard form refused: CSRF token missing or wrong', {
      request_id: req.requestId,
      path: new URL(req.url).pathname,
    })
    return csrfRefusal()
  }
  r.form = form
  return undefined
}

export function csrfRefusal(): Response {
  const text =
    'This form has expired or was not sent from this dashboard. Go back, reload the page and try again.\n'
  return new Response(text, {
    status: 403,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/** An application/x-www-form-urlencoded body within the route's limit; anything else reads as empty. */
export async function readForm(req: HubRequest): Promise<URLSearchParams> {
  const type = req.headers.get('content-type') ?? ''
  let bytes: Uint8Array
  try {
    bytes = await readBody(req, req.bodyLimit)
  } catch (err) {
    if (err instanceof HttpError) throw err
    return new URLSearchParams()
  }
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return new URLSearchParams()
  return new URLSearchParams(new TextDecoder().decode(bytes))
}

/** 303 back to `location` with a one-shot message (a short-lived cookie; never a secret in it). */
export function redirectWithFlash(req: HubRequest, location: string, flash: Flash): Response {
  auditFlash(req, flash)
  const res = redirect(location, 303)
  const value = JSON.stringify({ kind: flash.kind, text: flash.text.slice(0, 600) })
  const secure = (req as DashRequest).dash?.secure ?? false
  res.headers.append('Set-Cookie', setCookie(FLASH_COOKIE, value, { maxAgeSeconds: 60, secure }))
  for (const c of (req as DashRequest).dash?.cookies ?? []) {
    if (!c.startsWith(FLASH_COOKIE)) res.headers.append('Set-Cookie', c)
  }
  return res
}

function readFlash(req: Request): Flash | null {
  const raw = readCookies(req).get(FLASH_COOKIE)
  if (!raw) return null
  try {
    const v = JSON.parse(raw) as Partial<Flash>
    if ((v.kind === 'ok' || v.kind === 'error') && typeof v.text === 'string') {
      return { kind: v.kind, text: v.text.slice(0, 600) }
    }
  } catch {
    // a mangled cookie is simply dropped
  }
  return null
}

/** The :id segment as a customer id, or null (the caller answers with a 404 page). */
export const customerIdParam = (req: HubRequest): string | null => customerIdOf(req.params?.id)
