// hub.yaml: defaults, HUB_<SECTION>_<KEY> overrides and validation. Pure: the Node entry reads the
// file and process.env, the Worker entry passes its vars; both end up here.
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { parseIpRange } from './ip-ranges.js'
import { dailyOrCronPattern } from './cadence.js'
import { channelsSchema, unknownChannelKeys } from './channels.js'
import { issuePath } from './validate.js'

export const DURATION = /^\d+(s|m|h|d)$/

const duration = z.string().regex(DURATION, 'expected a duration like 45s, 30m, 1h or 7d')
// A job interval: the scheduler ticks at most once a minute for these, so less cannot be honoured.
const jobInterval = duration.refine(
  (v) => !DURATION.test(v) || durationMs(v) >= 60_000,
  'expected a duration of at least 1m, e.g. 30m or 1h',
)
const httpUrl = z.string().refine((v) => /^https?:\/\/[^\s/]+/.test(v), 'expected an http(s) URL')
const ipRanges = z.array(
  z.string().superRefine((v, ctx) => {
    if (!parseIpRange(v))
      ctx.addIssue({
        code: 'custom',
        message: `"${v}" is not a CIDR or an IP address (e.g. 10.42.0.0/16, 2001:cafe:42::/56)`,
      })
  }),
  { error: 'expected a list of CIDRs, e.g. [10.42.0.0/16]' },
)
const optionalHttpUrl = z
  .string()
  .refine((v) => v === '' || /^https?:\/\/[^\s/]+/.test(v), 'expected an http(s) URL or ""')
const text = z.string().default('')

/**
 * hub.yaml, key by key: each key's type, check and default in one place. DEFAULT_CONFIG, the type
 * HubConfig and the set of known keys all come from here. A section missing from the file is
 * filled with its defaults (`prefault` runs the empty object through the section's schema).
 */
const schema = z.object({
  server: z
    .object({
      listen: z
        .string()
        .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):\d{1,5}$/, 'expected [host]:port, e.g. :8080')
        .default(':8080'),
      data_dir: z.string().min(1, 'must not be empty').default('./data'),
      public_url: httpUrl.default('https://hub.felhom.eu'),
      database_url: z
        .string()
        .refine(
          (v) => v === '' || /^(libsql|https?|wss?|file):/.test(v),
          'expected libsql://, http(s):// or file: URL',
        )
        .default(''),
      database_auth_token: text,
      secret_key: z
        .string()
        .refine((v) => v === '' || v.length >= 32, 'must be at least 32 characters (or empty)')
        .default(''),
      cron_token: text,
      metrics_token: text,
      trusted_proxies: ipRanges.default([]),
      // in-process: the hub runs `tick` itself; external: CronJobs call /internal/cron/* (k8s/).
      scheduler: z
        .enum(['in-process', 'external'], { message: 'expected in-process or external' })
        .default('in-process'),
    })
    .prefault({}),
  auth: z
    .object({
      password_hash: z
        .string()
        .refine((v) => v === '' || /^\$2[aby]\$\d\d\$/.test(v), 'expected a bcrypt hash ($2a$/$2b$…) or ""')
        .default(''),
      // true: no session until a TOTP second factor is enrolled and given (README, Security).
      totp_required: z.boolean().default(false),
    })
    .refine((a) => !a.totp_required || a.password_hash !== '', {
      message: 'totp_required needs a password: set auth.password_hash too',
      path: ['totp_required'],
    })
    .prefault({}),
  api: z.object({ report_api_key: text }).prefault({}),
  notifications: z
    .object({
      resend_api_key: text,
      resend_base_url: httpUrl.default('https://api.resend.com'),
      from_email: z.string().min(3).default('monitoring@felhom.eu'),
      operator_email: text,
      operator_enabled: z.boolean().default(true),
      customer_enabled: z.boolean().default(true),
      operator_cooldown: duration.default('1h'),
      customer_cooldown_hours: z.number().int().min(0).max(168).default(6),
      // Operator push channels besides email (lib/core/channels.ts); HUB_NOTIFICATIONS_CHANNELS as JSON.
      channels: channelsSchema.default([]),
    })
    .prefault({}),
  retention: z
    .object({
      max_days: z.number().int().min(1).max(3650).default(90),
      prune_schedule: z
        .string()
        .refine(
          (v) => dailyOrCronPattern(v) !== null,
          'expected "HH:MM" (daily, Europe/Budapest) or a 5-field cron expression',
        )
        .default('30 4 * * *'),
      full_reports_days: z.number().int().min(0).max(3650).default(2),
    })
    .prefault({}),
  alerting: z.object({ stale_threshold: duration.default('30m') }).prefault({}),
  registry: z
    .object({
      image: z.string().min(1).default('gitea.dooplex.hu/admin/felhom-controller'),
      url: optionalHttpUrl.default(''),
      username: text,
      token: text,
      template_url: optionalHttpUrl.default(''),
      check_interval: jobInterval.default('30m'),
      template_interval: jobInterval.default('1h'),
    })
    .prefault({}),
  controllers: z.object({ allow_private_addresses: z.boolean().default(false) }).prefault({}),
})

export type HubConfig = z.output<typeof schema>

/** Every key's default: what the hub runs on without a hub.yaml. */
export const DEFAULT_CONFIG: HubConfig = schema.parse({})

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

export interface LoadedConfig {
  config: HubConfig
  warnings: string[]
}

/** Builds the effective config: defaults, then the YAML text, then HUB_* variables. Throws ConfigError. */
export function loadConfig(
  yamlText: string | undefined,
  vars: Record<string, string | undefined>,
  source = 'hub.yaml',
): LoadedConfig {
  const warnings: string[] = []
  const merged = structuredClone(DEFAULT_CONFIG) as Record<string, Record<string, unknown>>

  // 1. The file: known sections and keys only; unknown keys are warned about, never fatal,
  //    so an older or newer hub.yaml still starts.
  if (yamlText !== undefined && yamlText.trim() !== '') {
    let doc: unknown
    try {
      doc = parseYaml(yamlText)
    } catch (err) {
      throw new ConfigError(`${source}: not valid YAML: ${(err as Error).message}`)
    }
    if (doc !== null && (typeof doc !== 'object' || Array.isArray(doc))) {
      throw new ConfigError(`${source}: expected a mapping of sections at the top level`)
    }
    for (const [section, values] of Object.entries((doc ?? {}) as Record<string, unknown>)) {
      if (!(section in merged)) {
        warnings.push(`${source}: unknown section "${section}" ignored`)
        continue
      }
      if (values === null || values === undefined) continue
      if (typeof values !== 'object' || Array.isArray(values)) {
        throw new ConfigError(`${source}: ${section}: expected a mapping`)
      }
      for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
        if (!(key in merged[section])) {
          warnings.push(`${source}: unknown key "${section}.${key}" ignored`)
          continue
        }
        merged[section][key] = value === null ? merged[section][key] : value
        if (section === 'notifications' && key === 'channels')
          warnings.push(...unknownChannelKeys(value, 'notifications.channels').map((w) => `${source}: ${w}`))
      }
    }
  }

  // 2. HUB_<SECTION>_<KEY> overrides, coerced to the type of the default (a list: comma-separated).
  for (const [name, raw] of Object.entries(vars)) {
    if (!name.startsWith('HUB_') || name === 'HUB_CONFIG' || raw === undefined) continue
    const rest = name.slice(4).toLowerCase()
    const section = Object.keys(merged).find((s) => rest.startsWith(s + '_'))
    const key = section && rest.slice(section.length + 1)
    if (!section || !key || !(key in merged[section])) {
      warnings.push(`environment: ${name} does not name a hub.yaml key; ignored`)
      continue
    }
    merged[section][key] = JSON_KEYS.has(`${section}.${key}`)
      ? jsonValue(name, raw)
      : coerce(name, raw, (DEFAULT_CONFIG as Record<string, Record<string, unknown>>)[section][key])
    if (section === 'notifications' && key === 'channels')
      warnings.push(...unknownChannelKeys(merged[section][key], name).map((w) => `environment: ${w}`))
  }

  // 3. Validate; the first problem names its key.
  const result = schema.safeParse(merged)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${issuePath(i.path)}: ${i.message}`)
    throw new ConfigError(`${source}: invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return { config: result.data, warnings }
}

/** Keys whose variable carries JSON: a list of objects has no comma-separated form (a k8s Secret holds it). */
const JSON_KEYS = new Set(['notifications.channels'])

function jsonValue(name: string, raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    // JSON.parse's message quotes the input, which may hold a token: say only what is wrong.
    throw new ConfigError(`environment: ${name}: not valid JSON (expected a list of objects)`)
  }
}

function coerce(name: string, raw: string, like: unknown): unknown {
  // A list key takes a comma-separated value; an empty one is the empty list.
  if (Array.isArray(like))
    return raw
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '')
  if (typeof like === 'boolean') {
    if (/^(true|1|yes|on)$/i.test(raw)) return true
    if (/^(false|0|no|off)$/i.test(raw)) return false
    throw new ConfigError(`environment: ${name}: expected true or false, got "${raw}"`)
  }
  if (typeof like === 'number') {
    const n = Number(raw)
    if (raw.trim() === '' || !Number.isFinite(n))
      throw new ConfigError(`environment: ${name}: expected a number, got "${raw}"`)
    return n
  }
  return raw
}

/** Milliseconds in a config duration (`45s`, `30m`, `1h`, `7d`). */
export function durationMs(value: string): number {
  const m = DURATION.exec(value)
  if (!m) throw new Error(`not a duration: ${value}`)
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[1] as 's' | 'm' | 'h' | 'd']
  return Number.parseInt(value, 10) * unit
}

/** host and port from `[host]:port`; an empty host means all interfaces. */
export function parseListen(listen: string): { host: string | undefined; port: number } {
  const i = listen.lastIndexOf(':')
  const host = listen.slice(0, i).replace(/^\[|\]$/g, '')
  return { host: host === '' ? undefined : host, port: Number(listen.slice(i + 1)) }
}
