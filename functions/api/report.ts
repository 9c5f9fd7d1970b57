import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { iso } from '../../lib/core/clock.js'
import { json, readJsonBody } from '../../lib/core/http.js'
import { errorFields } from '../../lib/core/log.js'
import { retryAfterReport } from '../../lib/queued-actions/run.js'
import { ingestReport } from '../../lib/reports/ingest.js'
import { reportSchema } from '../../lib/api/schemas.js'
import { parseWith } from '../../lib/core/validate.js'
import type { Handler } from '../types.js'

export const postReport: Handler = async (req, env) => {
  const { value, bytes } = await readJsonBody(req, req.bodyLimit)
  const report = parseWith(reportSchema, value, 'report')
  authorizeCustomer(req.auth!, report.customer_id)
  const receivedAt = await ingestReport(env, report, bytes)
  // The node is up: actions queued for it go now, after the response (one indexed lookup if none).
  env.defer(
    retryAfterReport(env, report.customer_id).catch((err) =>
      env.log.error('queued actions after report failed', {
        customer_id: report.customer_id,
        ...errorFields(err),
      }),
    ),
  )
  return json({ ok: true, received_at: iso(receivedAt) })
}
