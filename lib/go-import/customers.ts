// customer_configs and customer_notifications of the Go database.
import { CUSTOMER_ID } from '../core/validate.js'
import { CUSTOMER_EVENT_TYPES } from '../events/types.js'
import { planCarriedCustomers, type CarriedCustomer, type PlanItem } from '../customers/import.js'
import { getPreferences, preferencesStatement } from '../store/preferences.js'
import { goBool, goJson, goText, goTime, type GoRow } from './source.js'
import { selected, type Step } from './step.js'

const OVERRIDES = [
  'disk_warn_percent',
  'disk_critical_percent',
  'temperature_warn_c',
  'container_restart_threshold',
]
const HEALTHCHECKS = ['hc_base_url', 'hc_report_uuid', 'hc_backup_uuid', 'hc_dbdump_uuid']

/** The monitoring overrides a Go row sets, shaped as the dashboard's form stores them. */
function overridesOf(row: GoRow): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const enabled = goBool(row.monitoring_enabled)
  if (enabled !== null) out.enabled = enabled
  for (const k of OVERRIDES) {
    const n = Number(goText(row[k]) ?? '')
    if (goText(row[k])?.trim() && Number.isFinite(n)) out[k] = n
  }
  const hc: Record<string, string> = {}
  for (const k of HEALTHCHECKS) {
    const v = goText(row[k])?.trim()
    if (v) hc[k.replace(/^hc_/, '')] = v
  }
  if (Object.keys(hc).length > 0) out.healthchecks = hc
  return out
}

const text = (row: GoRow, k: string) => (k in row ? (goText(row[k]) ?? '') : undefined)

function carriedOf(row: GoRow): CarriedCustomer | PlanItem {
  const customerId = goText(row.customer_id)?.trim() ?? ''
  if (!CUSTOMER_ID.test(customerId))
    return { customerId, action: 'refused', detail: ['customer_id: not a valid customer id in this hub'] }
  return {
    customerId,
    apiKey: goText(row.api_key) ?? '',
    retrievalPassword: goText(row.retrieval_password) ?? '',
    displayName: text(row, 'display_name'),
    domain: text(row, 'domain'),
    controllerUrl: text(row, 'controller_url'),
    blocked: 'blocked' in row ? (goBool(row.blocked) ?? false) : undefined,
    monitoringOverrides: overridesOf(row),
    sessionSecret: text(row, 'session_secret') || undefined,
    tunnelToken: text(row, 'tunnel_token'),
    registryUsername: text(row, 'registry_username') || undefined,
    registryToken: text(row, 'registry_token'),
    createdAt: goTime(row.created_at) ?? undefined,
  }
}

/** Customers and their credentials, through the same plan as `npm run customer -- import`. */
export const customersStep: Step = async function* ({ env, source, check }) {
  const entries = [...source.rows('customer_configs', selected(check))].map(carriedOf)
  const plan = await planCarriedCustomers(env, entries)
  for (const item of plan.items) {
    if (item.action === 'refused')
      yield { kind: 'refused', customerId: item.customerId, reasons: item.detail }
    else if (item.action === 'unchanged') yield { kind: 'unchanged' }
  }
  const changing = plan.items.filter((i) => i.action === 'create' || i.action === 'update')
  // planCarriedCustomers gives one statement per create or update, in the same order.
  for (let i = 0; i < changing.length; i++) yield { kind: 'import', statements: [plan.statements[i]] }
}

const KNOWN_EVENTS = new Set<string>(CUSTOMER_EVENT_TYPES)

export const preferencesStep: Step = async function* ({ env, source, check, now }) {
  for (const row of source.rows('customer_notifications', selected(check))) {
    const customerId = goText(row.customer_id)?.trim() ?? ''
    const email = goText(row.email)?.trim() ?? ''
    const events = goJson(row.enabled_events)
    if (!CUSTOMER_ID.test(customerId)) yield { kind: 'skip', reason: 'customer_id not valid in this hub' }
    else if (!/^[^\s@]+@[^\s@]+$/.test(email)) yield { kind: 'skip', reason: 'email is not an address' }
    else if (!Array.isArray(events)) yield { kind: 'skip', reason: 'enabled_events is not a JSON list' }
    else {
      const cooldown = Number(goText(row.cooldown_hours) ?? NaN)
      const prefs = {
        customerId,
        email,
        enabledEvents: [
          ...new Set(events.filter((e): e is string => typeof e === 'string' && KNOWN_EVENTS.has(e))),
        ],
        cooldownHours:
          Number.isInteger(cooldown) && cooldown >= 0 && cooldown <= 168
            ? cooldown
            : env.config.notifications.customer_cooldown_hours,
      }
      const stored = await getPreferences(env.db, customerId)
      const same =
        stored &&
        stored.email === prefs.email &&
        stored.cooldownHours === prefs.cooldownHours &&
        JSON.stringify(stored.enabledEvents) === JSON.stringify(prefs.enabledEvents)
      if (same) yield { kind: 'unchanged' }
      else yield { kind: 'import', statements: [preferencesStatement(prefs, {}, now)] }
    }
  }
}
