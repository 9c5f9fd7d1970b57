// Pull Config: the inverse of generate.ts. From a controller's live controller.yaml, take back the
// values the hub stores per customer (identity, infrastructure tokens, monitoring overrides), so
// that generating again reproduces what the controller runs.
import type { Env } from '../core/env.js'
import { getCustomer, readSecrets, updateManaged } from '../store/customers.js'
import { isObject, parseConfig, sameValue } from './diff.js'

export interface PulledFields {
  /** The live `customer.id`, to catch a controller URL that points at another customer. */
  customerId?: string
  displayName?: string
  domain?: string
  /** The live `monitoring` values that differ from the template's: what generation merges back in. */
  monitoringOverrides: Record<string, unknown>
  tunnelToken?: string
  registryUsername?: string
  registryToken?: string
}

/**
 * Extracts what the hub stores from a live controller.yaml, judged against `template` (the
 * current controller.yaml template, see currentTemplate()). A field missing from the live config
 * is left undefined (the stored value stays). Throws an Error with a readable message when either
 * text is not a YAML mapping.
 */
export function fieldsFromLiveConfig(yaml: string, template: string): PulledFields {
  const live = parseConfig(yaml, "the controller's config")
  const base = parseConfig(template, 'the controller.yaml template')
  const section = (doc: Record<string, unknown>, name: string) => (isObject(doc[name]) ? doc[name] : {})
  const customer = section(live, 'customer')
  const tunnel = section(live, 'tunnel')
  const registry = section(live, 'registry')
  return {
    customerId: text(customer.id),
    displayName: text(customer.name),
    domain: text(customer.domain),
    monitoringOverrides: differences(section(live, 'monitoring'), section(base, 'monitoring')),
    tunnelToken: text(tunnel.token),
    registryUsername: text(registry.username),
    registryToken: text(registry.token),
  }
}

/** Scalars as the hub stores them (strings); an explicit null is an empty value; absent stays absent. */
function text(v: unknown): string | undefined {
  if (v === undefined || isObject(v) || Array.isArray(v)) return undefined
  return v === null ? '' : String(v)
}

/** The parts of `live` that differ from `base`, nested like the config so a deep merge restores them. */
function differences(live: Record<string, unknown>, base: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(live)) {
    const was = base[key]
    if (isObject(value) && isObject(was)) {
      const inner = differences(value, was)
      if (Object.keys(inner).length > 0) out[key] = inner
    } else if (!(key in base) || !sameValue(value, was)) {
      out[key] = value
    }
  }
  return out
}

/**
 * Stores pulled fields on a managed customer: identity, tokens and monitoring overrides (replaced,
 * not merged, so an override the controller dropped goes away). The API key, retrieval password,
 * session secret and pinned controller URL stay: the hub owns them. Returns false when the
 * customer is not managed. Throws an Error when the live config names another customer.
 */
export async function applyPulledFields(
  env: Env,
  customerId: string,
  pulled: PulledFields,
): Promise<boolean> {
  if (pulled.customerId && pulled.customerId !== customerId) {
    throw new Error(
      `The controller's config belongs to customer "${pulled.customerId}", not "${customerId}"; nothing was changed. Check the controller URL.`,
    )
  }
  const c = await getCustomer(env.db, customerId)
  if (!c || c.configType !== 'managed') return false
  const s = await readSecrets(env.db, env.secrets, customerId)
  if (!s) return false
  const updated = await updateManaged(
    env.db,
    env.secrets,
    customerId,
    {
      displayName: pulled.displayName ?? c.displayName,
      domain: pulled.domain ?? c.domain,
      controllerUrl: c.controllerUrl,
      monitoringOverrides: pulled.monitoringOverrides,
    },
    {
      ...s,
      tunnel_token: pulled.tunnelToken ?? s.tunnel_token,
      registry_username: pulled.registryUsername ?? s.registry_username,
      registry_token: pulled.registryToken ?? s.registry_token,
    },
    env.clock.now().getTime(),
  )
  if (updated) env.log.info('config pulled from controller', { customer_id: customerId })
  return updated
}
