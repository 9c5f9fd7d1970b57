// controller.yaml generation: the template deep-merged with the customer's stored values through
// the yaml Document API, so the template's comments, key order and quoting survive.
import { isMap, isScalar, parseDocument, type Document } from 'yaml'
import { iso } from '../core/clock.js'
import type { Env } from '../core/env.js'
import type { Customer, CustomerSecrets } from '../store/customers.js'
import { DEFAULT_TEMPLATE } from './default-template.js'
import { getState } from '../store/hub-state.js'

export const TEMPLATE_STATE_KEY = 'controller_template'

/** The cached template from Gitea, else the built-in one. */
export async function currentTemplate(env: Env): Promise<string> {
  const cached = await getState(env.db, TEMPLATE_STATE_KEY)
  return cached?.value ?? DEFAULT_TEMPLATE
}

type Values = { [key: string]: Values | string | number | boolean | null | unknown[] }

/** The values the hub owns in a customer's controller.yaml. */
export function customerValues(env: Env, c: Customer, s: CustomerSecrets): Values {
  return {
    customer: { id: c.customerId, name: c.displayName, domain: c.domain },
    server: { session_secret: s.session_secret },
    hub: { url: env.config.server.public_url, api_key: s.api_key },
    tunnel: { token: s.tunnel_token },
    registry: { username: s.registry_username, token: s.registry_token },
    monitoring: c.monitoringOverrides as Values,
    meta: { generated_at: iso(env.clock.now()) },
  }
}

export async function generateControllerYaml(env: Env, c: Customer, s: CustomerSecrets): Promise<string> {
  return mergeYaml(await currentTemplate(env), customerValues(env, c, s))
}

/** Deep-merges `values` into the YAML text; existing scalars keep their comments and style. */
export function mergeYaml(template: string, values: Values): string {
  const doc = parseDocument(template)
  if (doc.errors.length > 0) throw new Error(`template is not valid YAML: ${doc.errors[0].message}`)
  mergeInto(doc, [], values)
  return doc.toString({ lineWidth: 0 })
}

const isPlainObject = (v: unknown): v is Values => v !== null && typeof v === 'object' && !Array.isArray(v)

function mergeInto(doc: Document, path: string[], value: unknown): void {
  if (isPlainObject(value)) {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true)
    if (path.length > 0 && !isMap(node)) doc.setIn(path, doc.createNode({}))
    for (const [k, v] of Object.entries(value)) mergeInto(doc, [...path, k], v)
    return
  }
  const node = doc.getIn(path, true)
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    node.value = value // keeps the node, so its comment and quoting stay
  } else {
    doc.setIn(path, doc.createNode(value))
  }
}
