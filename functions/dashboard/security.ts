// GET /settings/security and its POSTs: begin an enrolment (enrol), activate it with a first code
// (confirm), remove the factor, generate new recovery codes. An enrolment-only pre-session
// (auth.totp_required, no factor) reaches the first two and nothing else; its confirmation ends it
// and starts a full session, since the password and a correct code have both been given now.
import { h } from 'preact'
import {
  beginEnrolment,
  confirmEnrolment,
  currentEnrolment,
  factorStatus,
  regenerateRecoveryCodes,
  removeSecondFactor,
} from '../../lib/auth/second-factor.js'
import { startSession } from '../../lib/auth/session.js'
import type { Env } from '../../lib/core/env.js'
import { redirect } from '../../lib/core/http.js'
import { EnrolPage } from '../../pages/enrol.js'
import { SecurityPage } from '../../pages/security.js'
import { auditDetail, auditOutcome } from '../audit.js'
import {
  ENROL_PAGE,
  layoutProps,
  page,
  redirectWithFlash,
  type DashHandler,
  type DashRequest,
} from './context.js'

async function securityPage(req: DashRequest, env: Env, extra: { error?: string; status?: number } = {}) {
  const enrolment = await currentEnrolment(env, req.dash.session.idDigest)
  if (req.dash.enrolOnly) {
    return page(
      req,
      h(EnrolPage, { csrf: req.dash.session.csrf, enrolment, error: extra.error }),
      extra.status,
    )
  }
  const props = {
    ...layoutProps(req),
    factor: await factorStatus(env),
    enrolment,
    enrolmentError: extra.error,
    totpRequired: env.config.auth.totp_required,
  }
  return page(req, h(SecurityPage, props), extra.status)
}

export const getSecurityPage: DashHandler = (req, env) => securityPage(req, env)

export const postStartEnrolment: DashHandler = async (req, env) => {
  if (req.dash.open) {
    return redirectWithFlash(req, ENROL_PAGE, { kind: 'error', text: 'Set a dashboard password first.' })
  }
  await beginEnrolment(env, req.dash.session.idDigest)
  return securityPageAfterPost(req)
}

/** Back to the page by GET, so a reload does not post again. */
function securityPageAfterPost(req: DashRequest): Response {
  const res = redirect(ENROL_PAGE, 303)
  for (const c of req.dash.cookies) res.headers.append('Set-Cookie', c)
  return res
}

export const postConfirmEnrolment: DashHandler = async (req, env) => {
  const session = req.dash.session
  // A pre-session is ended with the enrolment; a full session stays and every other one ends.
  const keep = req.dash.enrolOnly ? null : session.idDigest
  const result = await confirmEnrolment(env, session.idDigest, req.form.get('code') ?? '', keep)
  if (!result.ok && result.reason === 'expired') {
    const text = 'The set-up expired (15 minutes) or was started elsewhere. Start it again.'
    return redirectWithFlash(req, ENROL_PAGE, { kind: 'error', text })
  }
  if (!result.ok) {
    auditOutcome(req, 'refused', 'wrong code')
    const error = 'That code does not match. Check the phone’s clock, and enter the code the app shows now.'
    return securityPage(req, env, { error, status: 400 })
  }
  env.log.info('second factor enrolled', { request_id: req.requestId })
  auditDetail(req, 'authenticator app set up; every other session ended')
  if (!req.dash.enrolOnly) return showCodes(req, env, result.recoveryCodes, [])
  // The pre-session ended with the enrolment and gives way to a full session: the page is
  // rendered with the new session's token, and its cookie replaces the old one.
  const started = await startSession(env, req, 'full')
  req.dash.session = started.session
  req.dash.enrolOnly = false
  return showCodes(req, env, result.recoveryCodes, [started.cookie])
}

export const postNewRecoveryCodes: DashHandler = async (req, env) => {
  if (!(await factorStatus(env)).enrolled) {
    return redirectWithFlash(req, ENROL_PAGE, { kind: 'error', text: 'Set up the authenticator app first.' })
  }
  const codes = await regenerateRecoveryCodes(env, req.dash.session.idDigest)
  auditDetail(req, 'old recovery codes revoked; every other session ended')
  return showCodes(req, env, codes, [])
}

export const postRemoveFactor: DashHandler = async (req, env) => {
  if (env.config.auth.totp_required) {
    const text = 'auth.totp_required is set: the second factor cannot be removed, only moved to a new phone.'
    return redirectWithFlash(req, ENROL_PAGE, { kind: 'error', text })
  }
  if (!(await removeSecondFactor(env, req.dash.session.idDigest))) {
    return redirectWithFlash(req, ENROL_PAGE, { kind: 'error', text: 'No second factor was set up.' })
  }
  auditDetail(req, 'second factor and recovery codes removed; every other session ended')
  const text = 'Second factor removed: signing in takes only the password now. Every other session ended.'
  return redirectWithFlash(req, ENROL_PAGE, { kind: 'ok', text })
}

/** The codes, once, in the answer to the POST itself (never in a URL or a cookie). */
async function showCodes(req: DashRequest, env: Env, codes: string[], cookies: string[]) {
  const props = {
    ...layoutProps(req),
    factor: await factorStatus(env),
    enrolment: null,
    totpRequired: env.config.auth.totp_required,
    newRecoveryCodes: codes,
  }
  req.dash.cookies.push(...cookies)
  return page(req, h(SecurityPage, props))
}
