// Customers whose controllers already hold their credentials (the Go hub's), registered in bulk:
// `npm run customer -- import <file.json>` and the customers step of `npm run import-go`.
//
// 1. Each entry is checked on its own (shape, weak credentials) and against the others and the
//    database (a key used twice, the global key, another customer's key).
// 2. Each is compared with what is stored: create (new, or a manual customer becoming managed),
//    update (naming the fields that differ, never their values) or unchanged.
// 3. Applying writes the statements of every create and update in one transaction, and only when
//    no entry was refused; a second run finds everything unchanged and writes nothing.
// The statements are the ones the dashboard and `customer create` use (managedCustomerStatement):
// digests for lookup, the credentials sealed under server.secret_key.
import type { InStatement } from '@libsql/client'
import { z } from 'zod'
import { carriedCredentialReasons } from '../auth/carried-credentials.js'
import { randomToken, sha256Hex } from '../core/crypto.js'
import { DOMAIN } from './form.js'
import type { Env } from '../core/env.js'
import {
  credentialDigests,
  getCustomer,
  managedCustomerStatement,
  readSecrets,
  type CustomerSecrets,
} from '../store/customers.js'
import { httpUrl } from '../api/schemas.js'
import { customerIdSchema, toDetails } from '../core/validate.js'

/** One customer to register with the credentials its controller holds. */
export interface CarriedCustomer {
  customerId: string
  apiKey: string
  retrievalPassword: string
  displayName?: string
  domain?: string
  controllerUrl?: string
  blocked?: boolean
  monitoringOverrides?: Record<string, unknown>
  tunnelToken?: string
  registryUsername?: string
  registryToken?: string
  sessionSecret?: string
  createdAt?: number
  /** Fields of the entry the import does not know (reported, not stored). */
  ignoredFields?: string[]
}

export type ImportAction = 'create' | 'update' | 'unchanged' | 'refused'

export interface PlanItem {
  customerId: string
  action: ImportAction
  /** Why it is refused, or which fields an update changes (names only), or a note on a create. */
  detail: string[]
}

export interface CustomerPlan {
  items: PlanItem[]
  statements: InStatement[]
}

const opt = <T extends z.ZodType>(t: T) => t.optional()
const entrySchema = z.looseObject({
  customer_id: customerIdSchema,
  api_key: z.string({ message: 'expected a string' }),
  retrieval_password: z.string({ message: 'expected a string' }),
  display_name: opt(z.string().max(100, 'at most 100 characters')),
  domain: opt(
    z.union([z.literal(''), z.string().regex(DOMAIN, 'expected a domain, e.g. kovacs-csalad.felhom.eu')]),
  ),
  controller_url: opt(z.union([z.literal(''), httpUrl])),
  blocked: opt(z.boolean({ message: 'expected true or false' })),
  tunnel_token: opt(z.string()),
  registry_username: opt(z.string()),
  registry_token: opt(z.string()),
  session_secret: opt(z.string()),
})
const KNOWN = new Set(Object.keys(entrySchema.shape))

/**
 * The entries of an import file (`[{"customer_id", "api_key", "retrieval_password", …}]`): each
 * one a customer, or the reason it is refused. Throws for a file that is not such a list.
 */
export function parseImportFile(text: string): (CarriedCustomer | PlanItem)[] {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    throw new Error(`not valid JSON: ${(err as Error).message}`)
  }
  if (!Array.isArray(doc)) throw new Error('expected a JSON array of customers')
  return doc.map((entry, i) => {
    const parsed = entrySchema.safeParse(entry)
    if (!parsed.success) {
      const id = (entry as { customer_id?: unknown })?.customer_id
      const reasons = toDetails(parsed.error).map((d) => `${d.path}: ${d.message}`)
      return { customerId: typeof id === 'string' ? id : `[entry ${i}]`, action: 'refused', detail: reasons }
    }
    const e = parsed.data
    const ignored = Object.keys(e).filter((k) => !KNOWN.has(k))
    return {
      customerId: e.customer_id,
      apiKey: e.api_key,
      retrievalPassword: e.retrieval_password,
      displayName: e.display_name,
      domain: e.domain,
      controllerUrl: e.controller_url,
      blocked: e.blocked,
      tunnelToken: e.tunnel_token,
      registryUsername: e.registry_username,
      registryToken: e.registry_token,
      sessionSecret: e.session_secret,
      ignoredFields: ignored,
    }
  })
}

const isRefusal = (e: CarriedCustomer | PlanItem): e is PlanItem => 'action' in e

/** Steps 1 and 2: what applying would do for each entry, and the statements that would do it. */
export async function planCarriedCustomers(
  env: Env,
  entries: (CarriedCustomer | PlanItem)[],
): Promise<CustomerPlan> {
  const items: PlanItem[] = []
  const statements: InStatement[] = []
  const seenIds = new Map<string, number>()
  const seenKeys = new Map<string, number>()
  for (const e of entries) {
    if (isRefusal(e)) continue
    seenIds.set(e.customerId, (seenIds.get(e.customerId) ?? 0) + 1)
    seenKeys.set(e.apiKey, (seenKeys.get(e.apiKey) ?? 0) + 1)
  }
  for (const e of entries) {
    if (isRefusal(e)) {
      items.push(e)
      continue
    }
    const reasons = await carriedCredentialReasons(env, e.customerId, e.apiKey, e.retrievalPassword)
    if (seenIds.get(e.customerId)! > 1) reasons.push('customer_id: appears more than once in the file')
    if (seenKeys.get(e.apiKey)! > 1) reasons.push('api_key: the same key is given for more than one customer')
    if (reasons.length > 0) {
      items.push({ customerId: e.customerId, action: 'refused', detail: reasons })
      continue
    }
    const planned = await planOne(env, e)
    items.push(planned.item)
    if (planned.statement) statements.push(planned.statement)
  }
  return { items, statements }
}

async function planOne(env: Env, e: CarriedCustomer): Promise<{ item: PlanItem; statement?: InStatement }> {
  const now = env.clock.now().getTime()
  const digests = { apiKey: await sha256Hex(e.apiKey), retrieval: await sha256Hex(e.retrievalPassword) }
  const existing = await getCustomer(env.db, e.customerId)
  const managed = existing?.configType === 'managed' ? existing : null
  const stored = managed ? await readSecrets(env.db, env.secrets, e.customerId) : null
  const fields = {
    displayName: e.displayName ?? managed?.displayName ?? '',
    domain: e.domain ?? managed?.domain ?? '',
    controllerUrl: e.controllerUrl ?? managed?.controllerUrl ?? '',
    monitoringOverrides: e.monitoringOverrides ?? managed?.monitoringOverrides ?? {},
  }
  const creds: CustomerSecrets = {
    api_key: e.apiKey,
    retrieval_password: e.retrievalPassword,
    session_secret: e.sessionSecret ?? stored?.session_secret ?? randomToken(32),
    tunnel_token: e.tunnelToken ?? stored?.tunnel_token ?? '',
    registry_username: e.registryUsername ?? stored?.registry_username ?? env.config.registry.username,
    registry_token: e.registryToken ?? stored?.registry_token ?? '',
  }
  const write = {
    mode: 'replace' as const,
    createdAt: e.createdAt ?? now,
    updatedAt: now,
    blocked: e.blocked,
  }
  const statement = () => managedCustomerStatement(env.secrets, e.customerId, fields, creds, digests, write)
  const notes = e.ignoredFields?.length ? [`ignored fields: ${e.ignoredFields.join(', ')}`] : []
  if (!managed) {
    const note = existing ? 'manual customer becomes managed' : 'new managed customer'
    return {
      item: { customerId: e.customerId, action: 'create', detail: [note, ...notes] },
      statement: await statement(),
    }
  }
  // 2. What differs from what is stored, by name; a secret is compared, never shown.
  const had = await credentialDigests(env.db, e.customerId)
  const changed = [
    had?.apiKey !== digests.apiKey && 'api_key',
    had?.retrieval !== digests.retrieval && 'retrieval_password',
    fields.displayName !== managed.displayName && 'display_name',
    fields.domain !== managed.domain && 'domain',
    fields.controllerUrl !== managed.controllerUrl && 'controller_url',
    e.blocked !== undefined && e.blocked !== managed.blocked && 'blocked',
    JSON.stringify(fields.monitoringOverrides) !== JSON.stringify(managed.monitoringOverrides) &&
      'monitoring_overrides',
    ...(['session_secret', 'tunnel_token', 'registry_username', 'registry_token'] as const).map(
      (k) => stored?.[k] !== creds[k] && k,
    ),
  ].filter((c): c is string => typeof c === 'string')
  if (changed.length === 0) return { item: { customerId: e.customerId, action: 'unchanged', detail: notes } }
  return {
    item: { customerId: e.customerId, action: 'update', detail: [...changed, ...notes] },
    statement: await statement(),
  }
}

export interface ImportResult extends CustomerPlan {
  applied: boolean
}

/** Step 3: applies the plan in one transaction, unless an entry was refused or nothing changes. */
export async function importCarriedCustomers(
  env: Env,
  entries: (CarriedCustomer | PlanItem)[],
  opts: { apply: boolean },
): Promise<ImportResult> {
  const plan = await planCarriedCustomers(env, entries)
  const refused = plan.items.some((i) => i.action === 'refused')
  if (!opts.apply || refused || plan.statements.length === 0) return { ...plan, applied: false }
  await env.db.batch(plan.statements, 'write')
  env.log.info('customers imported', {
    created: plan.items.filter((i) => i.action === 'create').map((i) => i.customerId),
    updated: plan.items.filter((i) => i.action === 'update').map((i) => i.customerId),
  })
  return { ...plan, applied: true }
}

/** The counts a report ends with. */
export function tally(items: PlanItem[]): Record<ImportAction, number> {
  const out = { create: 0, update: 0, unchanged: 0, refused: 0 }
  for (const i of items) out[i.action]++
  return out
}
