// GET /settings/sessions and POST /settings/sessions/revoke | revoke-others: the live sessions,
// and ending one of them or all but the one asking.
import { h } from 'preact'
import { passwordDigest } from '../../lib/auth/session.js'
import { deleteOtherSessions, deleteSessionByPublicId, listLiveSessions } from '../../lib/store/sessions.js'
import { SessionsPage } from '../../pages/sessions.js'
import { auditDetail } from '../audit.js'
import { layoutProps, page, redirectWithFlash, type DashHandler } from './context.js'

const SESSIONS_PAGE = '/settings/sessions'
const PUBLIC_ID = /^[0-9a-f]{16}$/

export const getSessionsPage: DashHandler = async (req, env) => {
  const now = env.clock.now().getTime()
  const sessions = await listLiveSessions(env.db, now, await passwordDigest(env))
  const props = { ...layoutProps(req), now, sessions, current: req.dash.session.publicId }
  return page(req, h(SessionsPage, props))
}

export const postRevokeSession: DashHandler = async (req, env) => {
  const publicId = req.form.get('session') ?? ''
  if (!PUBLIC_ID.test(publicId)) {
    return redirectWithFlash(req, SESSIONS_PAGE, { kind: 'error', text: 'No such session.' })
  }
  if (publicId === req.dash.session.publicId) {
    const text = 'That is this browser’s session: use Log out to end it.'
    return redirectWithFlash(req, SESSIONS_PAGE, { kind: 'error', text })
  }
  auditDetail(req, `session ${publicId}`)
  if (!(await deleteSessionByPublicId(env.db, publicId, req.dash.session.idDigest))) {
    const text = `Session ${publicId} had ended already.`
    return redirectWithFlash(req, SESSIONS_PAGE, { kind: 'error', text })
  }
  return redirectWithFlash(req, SESSIONS_PAGE, { kind: 'ok', text: `Session ${publicId} signed out.` })
}

export const postRevokeOtherSessions: DashHandler = async (req, env) => {
  const n = await deleteOtherSessions(env.db, req.dash.session.idDigest)
  auditDetail(req, `every other session (${n})`)
  const text =
    n === 0 ? 'No other session was signed in.' : `${n} other session${n === 1 ? '' : 's'} signed out.`
  return redirectWithFlash(req, SESSIONS_PAGE, { kind: 'ok', text })
}
