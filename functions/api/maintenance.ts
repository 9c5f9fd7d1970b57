// POST /api/v1/maintenance and DELETE /api/v1/maintenance/:window_id (spec §9): the global key acts
// for any customer, a customer key for its own (a controller announcing its reboot or update).
import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { iso } from '../../lib/core/clock.js'
import { badRequest, forbidden, notFound } from '../../lib/core/errors.js'
import { json, readJsonObject } from '../../lib/core/http.js'
import { parseWindowRequest } from '../../lib/api/maintenance.js'
import { getCustomer } from '../../lib/store/customers.js'
import { cancelWindow, getWindow, insertWindow } from '../../lib/store/maintenance-windows.js'
import type { Handler } from '../types.js'
import { auditDetail, auditTarget } from '../audit.js'

export const postMaintenance: Handler = async (req, env) => {
  const body = await readJsonObject(req, req.bodyLimit)
  const now = env.clock.now().getTime()
  const w = parseWindowRequest(body, now)
  auditTarget(req, w.customerId)
  authorizeCustomer(req.auth!, w.customerId)
  if (!(await getCustomer(env.db, w.customerId))) throw notFound('customer')
  const createdBy = req.auth!.kind === 'global' ? 'api:global' : 'api:customer'
  const id = await insertWindow(env.db, { ...w, createdBy }, now)
  auditDetail(req, `window ${id} until ${iso(w.endsAt)}`)
  env.log.info('maintenance window set', {
    request_id: req.requestId,
    customer_id: w.customerId,
    window_id: id,
  })
  return json(
    { ok: true, window_id: id, starts_at: iso(w.startsAt), ends_at: iso(w.endsAt) },
    { status: 201 },
  )
}

export const deleteMaintenance: Handler = async (req, env) => {
  const raw = String(req.params.window_id ?? '')
  if (!/^[1-9]\d{0,15}$/.test(raw))
    throw badRequest('window_id is invalid', [{ path: 'window_id', message: 'expected a positive integer' }])
  const w = await getWindow(env.db, Number(raw))
  if (!w) throw notFound('maintenance window')
  auditTarget(req, w.customerId)
  auditDetail(req, `window ${w.id}`)
  // A fleet-wide window is the operator's: no customer key may end it.
  if (w.customerId === null && req.auth!.kind !== 'global') throw forbidden()
  if (w.customerId !== null) authorizeCustomer(req.auth!, w.customerId)
  await cancelWindow(env.db, w.id, env.clock.now().getTime())
  const ended = (await getWindow(env.db, w.id))!
  env.log.info('maintenance window ended', { request_id: req.requestId, window_id: w.id })
  // A planned window cancelled before it began covers nothing: it ends where it would have started.
  const end = Math.max(ended.startsAt, ended.effectiveEnd)
  return json({ ok: true, window_id: w.id, starts_at: iso(ended.startsAt), ends_at: iso(end) })
}
