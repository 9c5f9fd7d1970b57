import { authorizeCustomer } from '../../lib/auth/api-key.js'
import { json, readJsonObject } from '../../lib/core/http.js'
import { preferencesSchema } from '../../lib/api/schemas.js'
import { savePreferences } from '../../lib/store/preferences.js'
import { parseWith } from '../../lib/core/validate.js'
import type { Handler } from '../types.js'

const KNOWN = new Set(['customer_id', 'email', 'enabled_events', 'cooldown_hours', 'monthly_report'])

export const postPreferences: Handler = async (req, env) => {
  const body = await readJsonObject(req, req.bodyLimit)
  const p = parseWith(preferencesSchema, body, 'preferences')
  authorizeCustomer(req.auth!, p.customer_id)
  const extra = Object.fromEntries(Object.entries(body).filter(([k]) => !KNOWN.has(k)))
  await savePreferences(
    env.db,
    {
      customerId: p.customer_id,
      email: p.email,
      enabledEvents: p.enabled_events,
      cooldownHours: p.cooldown_hours,
      monthlyReport: p.monthly_report,
    },
    extra,
    env.clock.now().getTime(),
  )
  return json({ ok: true })
}
