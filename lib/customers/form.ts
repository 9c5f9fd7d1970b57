// The dashboard's customer config form: raw text fields in, typed values (or per-field errors)
// out. Tokens are write-only: an empty field means "keep what is stored".
import { z } from 'zod'
import type { Customer } from '../store/customers.js'
import { customerIdSchema } from '../core/validate.js'

export const TEXT_FIELDS = ['customer_id', 'display_name', 'domain', 'controller_url'] as const
export const TOKEN_FIELDS = ['tunnel_token', 'registry_username', 'registry_token'] as const
export const OVERRIDE_FIELDS = [
  'disk_warn_percent',
  'disk_critical_percent',
  'temperature_warn_c',
  'container_restart_threshold',
] as const
export const LEGACY_FIELDS = ['hc_base_url', 'hc_report_uuid', 'hc_backup_uuid', 'hc_dbdump_uuid'] as const
export const ALL_FIELDS = [
  ...TEXT_FIELDS,
  ...TOKEN_FIELDS,
  'monitoring_enabled',
  ...OVERRIDE_FIELDS,
  ...LEGACY_FIELDS,
] as const
export type FieldName = (typeof ALL_FIELDS)[number]
export type FormValues = Partial<Record<FieldName, string>>
export type FormErrors = Partial<Record<FieldName, string>>

const blankOr = <T extends z.ZodType>(t: T) => z.union([z.literal(''), t])
const url = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol)
    } catch {
      return false
    }
  }, 'expected an http(s) URL, e.g. https://kovacs-csalad.felhom.eu')
const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected a number from ${min} to ${max}`)
export const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const uuid = z.string().regex(UUID, 'expected a UUID')
// A NUL cuts a string short where libSQL stores it; a line break or tab is a paste gone wrong.
const NO_CONTROL = [(v: string) => !/\p{Cc}/u.test(v), 'must not contain control characters'] as const
const token = z
  .string()
  .max(4096, 'at most 4096 characters')
  .refine((v) => !/\s/.test(v), 'must not contain spaces')
  .refine(...NO_CONTROL)

const schema = z.object({
  customer_id: z.string(),
  display_name: z
    .string()
    .max(100, 'at most 100 characters')
    .refine(...NO_CONTROL),
  domain: blankOr(z.string().max(253).regex(DOMAIN, 'expected a domain, e.g. kovacs-csalad.felhom.eu')),
  controller_url: blankOr(url),
  tunnel_token: token,
  registry_username: z
    .string()
    .max(200, 'at most 200 characters')
    .refine(...NO_CONTROL),
  registry_token: token,
  monitoring_enabled: z.enum(['', 'true', 'false'], { message: 'choose default, on or off' }),
  disk_warn_percent: blankOr(intIn(1, 100)),
  disk_critical_percent: blankOr(intIn(1, 100)),
  temperature_warn_c: blankOr(intIn(20, 120)),
  container_restart_threshold: blankOr(intIn(1, 1000)),
  hc_base_url: blankOr(url),
  hc_report_uuid: blankOr(uuid),
  hc_backup_uuid: blankOr(uuid),
  hc_dbdump_uuid: blankOr(uuid),
})

export interface ParsedForm {
  customerId: string
  displayName: string
  domain: string
  controllerUrl: string
  /** Only the fields the operator filled in; the template's values apply to the rest. */
  overrides: Record<string, unknown>
  /** Non-empty token fields: these replace the stored ones. */
  tokens: { tunnelToken?: string; registryUsername?: string; registryToken?: string }
}

/** Reads the form; `creating` also validates the customer id. */
export type FormResult = { ok: true; value: ParsedForm } | { ok: false; errors: FormErrors }

export function parseCustomerForm(form: URLSearchParams, creating: boolean): FormResult {
  const entries = ALL_FIELDS.map((f) => [f, (form.get(f) ?? '').trim()])
  const raw = Object.fromEntries(entries) as Record<FieldName, string>
  const errors: FormErrors = {}
  if (creating) {
    const id = customerIdSchema.safeParse(raw.customer_id)
    if (!id.success) errors.customer_id = id.error.issues[0].message
  }
  const result = schema.safeParse(raw)
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] as FieldName
      errors[field] ??= issue.message
    }
  }
  // Checked here rather than in the schema, so it shows even when another field is wrong too.
  const [warn, critical] = [raw.disk_warn_percent, raw.disk_critical_percent]
  if (/^\d+$/.test(warn) && /^\d+$/.test(critical) && Number(critical) <= Number(warn)) {
    errors.disk_critical_percent ??= 'must be above the warning level'
  }
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors }
  const v = result.data
  const overrides: Record<string, unknown> = {}
  if (v.monitoring_enabled !== '') overrides.enabled = v.monitoring_enabled === 'true'
  for (const f of OVERRIDE_FIELDS) if (v[f] !== '') overrides[f] = v[f]
  const hc: Record<string, string> = {}
  if (v.hc_base_url) hc.base_url = v.hc_base_url
  if (v.hc_report_uuid) hc.report_uuid = v.hc_report_uuid
  if (v.hc_backup_uuid) hc.backup_uuid = v.hc_backup_uuid
  if (v.hc_dbdump_uuid) hc.dbdump_uuid = v.hc_dbdump_uuid
  if (Object.keys(hc).length > 0) overrides.healthchecks = hc
  return {
    ok: true,
    value: {
      customerId: raw.customer_id,
      displayName: v.display_name,
      domain: v.domain.toLowerCase(),
      controllerUrl: v.controller_url,
      overrides,
      tokens: {
        ...(v.tunnel_token ? { tunnelToken: v.tunnel_token } : {}),
        ...(v.registry_username ? { registryUsername: v.registry_username } : {}),
        ...(v.registry_token ? { registryToken: v.registry_token } : {}),
      },
    },
  }
}

/** The monitoring override keys this form owns; others (e.g. pulled from a controller) are kept on save. */
export const FORM_OVERRIDE_KEYS = ['enabled', ...OVERRIDE_FIELDS, 'healthchecks']

/** Form values for an existing config (tokens are never echoed into the page). */
export function formValuesOf(
  c: Pick<Customer, 'customerId' | 'displayName' | 'domain' | 'controllerUrl' | 'monitoringOverrides'>,
): FormValues {
  const o = c.monitoringOverrides
  const legacy = typeof o.healthchecks === 'object' && o.healthchecks ? o.healthchecks : {}
  const hc = legacy as Record<string, unknown>
  const s = (v: unknown) => (v === undefined || v === null ? '' : String(v))
  return {
    customer_id: c.customerId,
    display_name: c.displayName,
    domain: c.domain,
    controller_url: c.controllerUrl,
    monitoring_enabled: typeof o.enabled === 'boolean' ? String(o.enabled) : '',
    ...Object.fromEntries(OVERRIDE_FIELDS.map((f) => [f, s(o[f])])),
    hc_base_url: s(hc.base_url),
    hc_report_uuid: s(hc.report_uuid),
    hc_backup_uuid: s(hc.backup_uuid),
    hc_dbdump_uuid: s(hc.dbdump_uuid),
  }
}

/** What the user typed, minus the write-only fields, to put back into a form with errors. */
export function keptValues(form: URLSearchParams): FormValues {
  const out: FormValues = {}
  for (const f of ALL_FIELDS) if (!(TOKEN_FIELDS as readonly string[]).includes(f)) out[f] = form.get(f) ?? ''
  return out
}
