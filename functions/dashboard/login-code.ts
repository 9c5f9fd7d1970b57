// GET/POST /login/code and /login/recovery: the second sign-in step, bound to the pending login
// the password step left in its own cookie. Codes share the password's throttle per address (a
// wrong code counts like a wrong password); only a completed login clears the count.
import { h } from 'preact'
import { clientIp, isSecureRequest } from '../../lib/auth/forwarded.js'
import {
  clearPendingLoginCookie,
  currentPendingLogin,
  finishPendingLogin,
  type PendingLogin,
} from '../../lib/auth/pending-login.js'
import { useRecovery, verifyCode } from '../../lib/auth/second-factor.js'
import { LOGIN_THROTTLE, csrfMatches, endSession, startSession } from '../../lib/auth/session.js'
import { attemptSucceeded } from '../../lib/auth/throttle.js'
import { clearCookie } from '../../lib/auth/cookies.js'
import type { Env } from '../../lib/core/env.js'
import { redirect } from '../../lib/core/http.js'
import { utcTime } from '../../lib/notify/format.js'
import { alertOperator } from '../../lib/notify/security-alert.js'
import { LoginCodePage } from '../../pages/login-code.js'
import { renderPage } from '../../pages/render.js'
import { auditDetail, auditOutcome, auditSession } from '../audit.js'
import type { Handler, HubRequest } from '../types.js'
import { ENROL_PAGE, csrfRefusal, readForm } from './context.js'
import { admitSignIn, LOGIN_CSRF_COOKIE } from './login.js'

type Mode = 'code' | 'recovery'

const showStep = (mode: Mode): Handler =>
  async function getLoginStep(req, env) {
    const pending = await currentPendingLogin(env, req)
    if (!pending) return redirect('/login', 303)
    return renderPage(h(LoginCodePage, { csrf: pending.csrfToken, mode }))
  }

export const getLoginCodePage = showStep('code')
export const getLoginRecoveryPage = showStep('recovery')

/** Wrong, replayed, or unusable: the same page again with a sentence, the attempt counted. */
function refuse(req: HubRequest, pending: PendingLogin, mode: Mode, why: string, error: string) {
  auditOutcome(req, 'refused', why)
  return renderPage(h(LoginCodePage, { csrf: pending.csrfToken, mode, error }), { status: 401 })
}

const completeStep = (mode: Mode): Handler =>
  async function postLoginStep(req, env) {
    // 1. The pending login this browser holds, and the form it was given.
    const pending = await currentPendingLogin(env, req)
    if (!pending) {
      auditOutcome(req, 'refused', 'no pending sign-in (expired, or the password step never ran)')
      return redirect('/login', 303)
    }
    const form = await readForm(req)
    if (!csrfMatches(pending.csrfToken, form.get('_csrf'))) {
      auditOutcome(req, 'refused', 'CSRF token missing or wrong')
      return csrfRefusal()
    }
    // 2. Counted before the code is compared, like a password.
    const admission = await admitSignIn(env, req, (wait) =>
      h(LoginCodePage, { csrf: '', mode, retryAfterSeconds: wait }),
    )
    if ('refused' in admission) return admission.refused
    const { throttleKey } = admission
    // 3. The code.
    let left: number | null = null
    if (mode === 'code') {
      const check = await verifyCode(env, form.get('code') ?? '')
      if (check === 'wrong') return refuse(req, pending, mode, 'wrong code', 'Wrong code.')
      if (check === 'replayed') {
        const text = 'That code was used already. Wait for the next one and enter that.'
        return refuse(req, pending, mode, 'code already used (replay)', text)
      }
      if (check === 'no-factor') return startOver(req, env, 'the second factor was removed meanwhile')
    } else {
      const used = await useRecovery(env, form.get('recovery_code') ?? '')
      if (!used.ok && used.reason === 'no-factor')
        return startOver(req, env, 'the second factor was removed meanwhile')
      if (!used.ok) {
        const text = 'That is not an unused recovery code.'
        return refuse(req, pending, mode, 'wrong or used recovery code', text)
      }
      left = used.left
    }
    // 4. One request completes the login (a double submit finds it gone), then a fresh session.
    if (!(await finishPendingLogin(env, pending))) return startOver(req, env, 'sign-in completed already')
    await attemptSucceeded(env, throttleKey, LOGIN_THROTTLE)
    await endSession(env, req)
    const { cookie, session } = await startSession(env, req, 'full')
    auditSession(req, session.publicId)
    if (left !== null) {
      auditDetail(req, `${left} recovery code${left === 1 ? '' : 's'} left`)
      await alertRecoveryCodeUse(env, req, left)
    }
    env.log.info('dashboard login', {
      request_id: req.requestId,
      ip: clientIp(env, req),
      second_factor: mode,
    })
    const secure = isSecureRequest(env, req)
    // After a recovery code the operator is taken to the page where a new authenticator is set up.
    const res = redirect(left === null ? '/' : ENROL_PAGE, 303)
    res.headers.append('Set-Cookie', cookie)
    res.headers.append('Set-Cookie', clearPendingLoginCookie(env, req))
    res.headers.append('Set-Cookie', clearCookie(LOGIN_CSRF_COOKIE, secure))
    return res
  }

export const postLoginCode = completeStep('code')
export const postLoginRecovery = completeStep('recovery')

function startOver(req: HubRequest, env: Env, why: string): Response {
  auditOutcome(req, 'refused', why)
  const res = redirect('/login', 303)
  res.headers.append('Set-Cookie', clearPendingLoginCookie(env, req))
  return res
}

async function alertRecoveryCodeUse(env: Env, req: HubRequest, left: number): Promise<void> {
  const at = env.clock.now().getTime()
  const agent = req.headers.get('user-agent')?.slice(0, 200) ?? 'unknown'
  await alertOperator(env, {
    kind: 'recovery_code_used',
    subject: `[felhom] A recovery code was used to sign in (${left} left)`,
    text: [
      `Someone signed in to ${env.config.server.public_url} with a recovery code instead of the authenticator app.`,
      '',
      `Time: ${utcTime(at)}`,
      `Address: ${clientIp(env, req)}`,
      `Browser: ${agent}`,
      `Recovery codes left: ${left}`,
      '',
      'If that was you: set up the authenticator again under Security, and generate new recovery codes.',
      'If it was not: change the dashboard password (auth.password_hash) and restart the hub, which ends',
      'every session, then run `npm run totp -- reset` and enrol a new authenticator.',
    ].join('\n'),
  })
}
