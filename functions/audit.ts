// Auditing is declared in the route table: `audited('block')` placed first in a route's chain
// marks the request, and the router's last stage (recordAudited, functions/app.ts) writes one
// audit row for it once the response exists, whatever answered: the handler, a middleware that
// refused (no session, a bad CSRF token, a wrong key), or the error renderer. The outcome comes
// from the response unless the handler said better (auditOutcome):
//   5xx → error · 4xx → refused · a redirect carrying an error message → refused · else ok.
import type { AuditAction, AuditMark, AuditOutcome } from '../lib/audit/actions.js'
import { recordAudit } from '../lib/audit/record.js'
import { clientIp } from '../lib/auth/forwarded.js'
import type { Env } from '../lib/core/env.js'
import { customerIdOf } from '../lib/core/validate.js'
import type { HubRequest } from './types.js'

/** The name the route-table test reads off a route's chain to see that it is audited. */
export const AUDITED_ACTION = Symbol('audited action')

type AuditMiddleware = ((req: HubRequest, env: Env) => undefined) & { [AUDITED_ACTION]: AuditAction }

/** Middleware: the request is the operator action `action`; its outcome is recorded. */
export function audited(action: AuditAction): AuditMiddleware {
  const mark = (req: HubRequest, _env: Env): undefined => {
    req.audit = { action }
    return undefined
  }
  Object.defineProperty(mark, 'name', { value: `audited(${action})` })
  return Object.assign(mark, { [AUDITED_ACTION]: action })
}

/** A handler's own verdict, when the status alone would say it wrong (a 303 after a failure). */
export function auditOutcome(req: HubRequest, outcome: AuditOutcome, error?: string): void {
  if (!req.audit) return
  req.audit.outcome = outcome
  if (error !== undefined) req.audit.error = error
}

/** Changes what the request is recorded as (a route that does one of several things). */
export function auditAs(req: HubRequest, action: AuditAction, detail?: string): void {
  if (!req.audit) return
  req.audit.action = action
  if (detail !== undefined) req.audit.detail = detail
}

/** A few words of what was done: a version, a session's public id. Never input from the request. */
export function auditDetail(req: HubRequest, detail: string): void {
  if (req.audit) req.audit.detail = detail
}

/** The session a sign-in started: the row then names the session the operator went on with. */
export function auditSession(req: HubRequest, publicId: string): void {
  if (req.audit) req.audit.sessionId = publicId
}

/** The customer acted on, when the path's :id does not name it. */
export function auditTarget(req: HubRequest, customerId: string | null): void {
  if (req.audit) req.audit.customerId = customerId
}

/** Called with every flash message a response carries (functions/dashboard/context.ts). */
export function auditFlash(req: HubRequest, flash: NonNullable<AuditMark['flash']>): void {
  if (req.audit) req.audit.flash = flash
}

/** The router's final stage: writes the audit row of an audited request. */
export async function recordAudited(res: Response, req: HubRequest, env: Env): Promise<Response> {
  const mark = req.audit
  if (!mark) return res
  const outcome = mark.outcome ?? deriveOutcome(res, mark)
  await recordAudit(env, {
    action: mark.action,
    outcome,
    customerId: mark.customerId !== undefined ? mark.customerId : pathCustomer(req),
    ip: clientIp(env, req),
    sessionId:
      mark.sessionId ?? (req as { dash?: { session: { publicId: string } } }).dash?.session.publicId ?? null,
    requestId: req.requestId,
    detail: mark.detail,
    error: mark.error ?? (outcome === 'ok' ? null : await errorText(res, mark)),
  })
  return res
}

function deriveOutcome(res: Response, mark: AuditMark): AuditOutcome {
  if (res.status >= 500) return 'error'
  if (res.status >= 400) return 'refused'
  if (mark.flash?.kind === 'error') return 'refused'
  return 'ok'
}

/** What the operator was told: the flash message, the JSON error's message, a plain-text answer. */
async function errorText(res: Response, mark: AuditMark): Promise<string> {
  if (mark.flash?.kind === 'error') return mark.flash.text
  const type = res.headers.get('content-type') ?? ''
  try {
    if (type.startsWith('application/json')) {
      const body = (await res.clone().json()) as { error?: { message?: unknown } }
      if (typeof body.error?.message === 'string') return body.error.message
    } else if (type.startsWith('text/plain')) {
      return (await res.clone().text()).split('\n')[0]
    }
  } catch {
    // not what it said it was: the status will do
  }
  return `HTTP ${res.status}`
}

const pathCustomer = (req: HubRequest): string | null => customerIdOf(req.params?.id)
