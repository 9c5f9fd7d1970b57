import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { iso } from '../../lib/core/clock.js'
import { HttpError, notFound } from '../../lib/core/errors.js'
import { json, readJsonBody } from '../../lib/core/http.js'
import { answerOnce, idempotencyKeyOf } from '../../lib/api/idempotency.js'
import { infraBackupSchema } from '../../lib/api/schemas.js'
import { latestInfraBackup, pushInfraBackup } from '../../lib/store/infra-backups.js'
import { parseCustomerId, parseWith } from '../../lib/core/validate.js'
import { refreshDrReadinessLater } from '../../lib/dr/readiness.js'
import type { Handler } from '../types.js'

export const postInfraBackup: Handler = async (req, env) => {
  const key = idempotencyKeyOf(req)
  const { value: body, bytes } = await readJsonBody(req, req.bodyLimit)
  const input = parseWith(infraBackupSchema, body, 'infra backup')
  authorizeCustomer(req.auth!, input.customer_id)
  const request = {
    key,
    customerId: input.customer_id,
    route: 'infra-backup' as const,
    body: bytes,
    requestId: req.requestId,
  }
  return answerOnce(env, request, async (remember) => {
    const receivedAt = env.clock.now().getTime()
    const answer = (version: number) => ({
      status: 201,
      body: { ok: true, version, received_at: iso(receivedAt) },
    })
    const { version } = await pushInfraBackup(
      env.db,
      env.secrets,
      input.customer_id,
      new TextEncoder().encode(JSON.stringify(body)),
      receivedAt,
      (v) => remember(answer(v)),
    )
    env.log.info('infra backup stored', {
      request_id: req.requestId,
      customer_id: input.customer_id,
      version,
    })
    refreshDrReadinessLater(env, input.customer_id)
    return answer(version)
  })
}

export const getInfraBackup: Handler = async (req, env) => {
  const customerId = parseCustomerId(req.params.id)
  authorizeCustomer(req.auth!, customerId)
  const backup = await latestInfraBackup(env.db, env.secrets, customerId)
  if (!backup) throw notFound('infra backup')
  if (backup.problem) {
    // Not a 5xx (no stored row may fail a read route), and not the version before it either: an
    // older snapshot handed out as the latest could restore stale secrets without anyone noticing.
    env.log.error('stored infra backup unreadable', {
      request_id: req.requestId,
      customer_id: customerId,
      version: backup.version,
      problem: backup.problem,
    })
    throw new HttpError(
      404,
      'not_found',
      `the latest infra backup (version ${backup.version}) cannot be read: ${backup.problem}`,
    )
  }
  return json({ ...backup.payload, version: backup.version, received_at: iso(backup.receivedAt) })
}
