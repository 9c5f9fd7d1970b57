// Dashboard actions of on call: acknowledge a customer's stale, down or error state; set or end a
// maintenance window for a customer (POST /customers/:id/maintenance[/end]) or for the whole fleet
// (POST /maintenance, POST /maintenance/:window_id/end). Each answers 303 with a flash message.
import { budapestTime } from '../../lib/notify/format.js'
import type { Env } from '../../lib/core/env.js'
import { iso } from '../../lib/core/clock.js'
import { isAckable } from '../../lib/oncall/ack-link.js'
import { acknowledge } from '../../lib/oncall/acknowledge.js'
import { presetEnd } from '../../lib/oncall/presets.js'
import { REASON_MAX } from '../../lib/api/maintenance.js'
import { cancelWindow, getWindow, insertWindow } from '../../lib/store/maintenance-windows.js'
import { customerAction } from './actions.js'
import { redirectWithFlash, type DashHandler, type DashRequest } from './context.js'
import { auditDetail } from '../audit.js'

// Control characters become spaces: the database would end the stored text at a NUL.
const reasonOf = (req: DashRequest) =>
  (req.form.get('reason') ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim()
    .slice(0, REASON_MAX)

/**
 * A window id as the forms send it, or null: anything else (`abc`, `1e309`) is no window, where
 * Number() would hand the database a NaN or an Infinity it refuses with a 500.
 */
const windowIdOf = (raw: unknown): number | null => {
  const s = String(raw ?? '')
  return /^[1-9]\d{0,15}$/.test(s) ? Number(s) : null
}

const findWindow = (env: Env, raw: unknown) => {
  const id = windowIdOf(raw)
  return id === null ? null : getWindow(env.db, id)
}

export const postAcknowledge = customerAction('postAcknowledge', async (req, env, c) => {
  const state = req.form.get('state') ?? ''
  const since = Number(req.form.get('since'))
  const back = `/customers/${c.customerId}`
  if (!isAckable(state) || !Number.isSafeInteger(since))
    return redirectWithFlash(req, back, { kind: 'error', text: 'Nothing to acknowledge.' })
  const outcome = await acknowledge(env, { customerId: c.customerId, state, since, via: 'dashboard' })
  auditDetail(req, `${state}: ${outcome}`)
  const text = {
    acknowledged: `${c.customerId} ${state} acknowledged: no more notifications until its state changes.`,
    already: `${c.customerId} ${state} was already acknowledged.`,
    state_changed: `${c.customerId} is no longer ${state}; nothing acknowledged.`,
  }[outcome]
  return redirectWithFlash(req, back, { kind: outcome === 'state_changed' ? 'error' : 'ok', text })
})

export const postStartMaintenance = customerAction('postStartMaintenance', async (req, env, c) => {
  const now = env.clock.now().getTime()
  const back = `/customers/${c.customerId}`
  const end = presetEnd(req.form.get('preset') ?? '', now, req.form.get('ends_at') ?? '')
  if (!end.ok) return redirectWithFlash(req, back, { kind: 'error', text: `No window set: ${end.message}` })
  const w = {
    customerId: c.customerId,
    startsAt: now,
    endsAt: end.endsAt,
    reason: reasonOf(req),
    createdBy: 'dashboard',
  }
  const id = await insertWindow(env.db, w, now)
  auditDetail(req, `window ${id} until ${iso(end.endsAt)}`)
  env.log.info('maintenance window set', {
    request_id: req.requestId,
    customer_id: c.customerId,
    window_id: id,
  })
  return redirectWithFlash(req, back, {
    kind: 'ok',
    text: `${c.customerId} is in maintenance until ${budapestTime(end.endsAt)}: its notifications are held.`,
  })
})

export const postEndMaintenance = customerAction('postEndMaintenance', async (req, env, c) => {
  const back = `/customers/${c.customerId}`
  const w = await findWindow(env, req.form.get('window_id'))
  if (!w || w.customerId !== c.customerId)
    return redirectWithFlash(req, back, {
      kind: 'error',
      text: 'No such maintenance window for this customer.',
    })
  await cancelWindow(env.db, w.id, env.clock.now().getTime())
  env.log.info('maintenance window ended', { request_id: req.requestId, window_id: w.id })
  return redirectWithFlash(req, back, { kind: 'ok', text: `Maintenance of ${c.customerId} ended.` })
})

export const postStartFleetMaintenance: DashHandler = async (req, env) => {
  const now = env.clock.now().getTime()
  const end = presetEnd(req.form.get('preset') ?? '', now, req.form.get('ends_at') ?? '')
  if (!end.ok) return redirectWithFlash(req, '/', { kind: 'error', text: `No window set: ${end.message}` })
  const w = {
    customerId: null,
    startsAt: now,
    endsAt: end.endsAt,
    reason: reasonOf(req),
    createdBy: 'dashboard',
  }
  const id = await insertWindow(env.db, w, now)
  auditDetail(req, `fleet window ${id} until ${iso(end.endsAt)}`)
  env.log.info('fleet maintenance window set', { request_id: req.requestId, window_id: id })
  return redirectWithFlash(req, '/', {
    kind: 'ok',
    text: `The whole fleet is in maintenance until ${budapestTime(end.endsAt)}: notifications are held.`,
  })
}

export const postEndFleetMaintenance: DashHandler = async (req, env) => {
  const w = await findWindow(env, req.params?.window_id)
  if (!w || w.customerId !== null)
    return redirectWithFlash(req, '/', { kind: 'error', text: 'No such fleet-wide maintenance window.' })
  await cancelWindow(env.db, w.id, env.clock.now().getTime())
  env.log.info('fleet maintenance window ended', { request_id: req.requestId, window_id: w.id })
  return redirectWithFlash(req, '/', { kind: 'ok', text: 'Fleet-wide maintenance ended.' })
}
