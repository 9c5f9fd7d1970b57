import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { iso } from '../../lib/core/clock.js'
import { json, readJsonBody } from '../../lib/core/http.js'
import { ingestReport } from '../../lib/reports/ingest.js'
import { reportSchema } from '../../lib/api/schemas.js'
import { parseWith } from '../../lib/core/validate.js'
import type { Handler } from '../types.js'

export const postReport: Handler = async (req, env) => {
  const { value, bytes } = await readJsonBody(req, req.bodyLimit)
  const report = parseWith(reportSchema, value, 'report')
  authorizeCustomer(req.auth!, report.customer_id)
  const receivedAt = await ingestReport(env, report, bytes)
  return json({ ok: true, received_at: iso(receivedAt) })
}
