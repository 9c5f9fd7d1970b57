// hub.yaml: defaults, HUB_<SECTION>_<KEY> overrides and validation. Pure: the Node entry reads the
// file and process.env, the Worker entry passes its vars; both end up here.
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { parseIpRange } from './ip-ranges.js'
import { dailyOrCronPattern } from '../jobs/cadence.js'

export const DURATION = /^\d+(s|m|h|d)$/

export const DEFAULT_CONFIG = {
  server: {
    listen: ':8080',
    data_dir: './data',
    public_url: 'https://hub.felhom.eu',
    database_url: '',
    database_auth_token: '',
    secret_key: '',
    cron_token: '',
    metrics_token: '',
    trusted_proxies: [] as string[],
    // in-process: the hub runs `tick` itself; external: CronJobs call /internal/cron/* (k8s/).
    scheduler: 'in-process',
  },
  auth: { password_hash: '' },
  api: { report_api_key: '' },
  notifications: {
    resend_api_key: '',
    resend_base_url: 'https://api.resend.com',
    from_email: 'monitoring@felhom.eu',
    operator_email: '',
    operator_enabled: true,
    customer_enabled: true,
    operator_cooldown: '1h',
    customer_cooldown_hours: 6,
  },
  retention: { max_days: 90, prune_schedule: '30 4 * * *', full_reports_days: 2 },
  alerting: { stale_threshold: '30m' },
  registry: {
    image: 'gitea.dooplex.hu/admin/felhom-controller',
    url: '',
    username: '',
    token: '',
    template_url: '',
    check_interval: '30m',
    template_interval: '1h',
  },
  controllers: { allow_private_addresses: false },
}

type Widen<T> = {
  [S in keyof T]: {
    [K in keyof T[S]]: T[S][K] extends readonly unknown[]
      ? string[]
      : T[S][K] extends boolean
        ? boolean
        : T[S][K] extends number
          ? number
          : string
  }
}
export type HubConfig = Widen<typeof DEFAULT_CONFIG>

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

const schema = z.object({
  server: z.object({
    listen: z
      .string()
      .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):\d{1,5}$/, 'expected [host]:port, e.g. :8080'),
    data_dir: z.string().min(1, 'must not be empty'),
    public_url: httpUrl,
    database_url: z
      .string()
      .refine(
        (v) => v === '' || /^(libsql|https?|wss?|file):/.test(v),
        'expected libsql://, http(s):// or file: URL',
      ),
    database_auth_token: z.string(),
    secret_key: z
      .string()
      .refine((v) => v === '' || v.length >= 32, 'must be at least 32 characters (or empty)'),
    cron_token: z.string(),
    metrics_token: z.string(),
    trusted_proxies: ipRanges,
    scheduler: z.enum(['in-process', 'external'], { message: 'expected in-process or external' }),
  }),
  auth: z.object({
    password_hash: z
      .string()
      .refine((v) => v === '' || /^\$2[aby]\$\d\d\$/.test(v), 'expected a bcrypt hash ($2a$/$2b$…) or ""'),
  }),
  api: z.object({ report_api_key: z.string() }),
  notifications: z.object({
    resend_api_key: z.string(),
    resend_base_url: httpUrl,
    from_email: z.string().min(3),
    operator_email: z.string(),
    operator_enabled: z.boolean(),
    customer_enabled: z.boolean(),
    operator_cooldown: duration,
    customer_cooldown_hours: z.number().int().min(0).max(168),
  }),
  retention: z.object({
    max_days: z.number().int().min(1).max(3650),
    prune_schedule: z
      .string()
      .refine(
        (v) => dailyOrCronPattern(v) !== null,
        'expected "HH:MM" (daily, Europe/Budapest) or a 5-field cron expression',
      ),
    full_reports_days: z.number().int().min(0).max(3650),
  }),
  alerting: z.object({ stale_threshold: duration }),
  registry: z.object({
    image: z.string().min(1),
    url: optionalHttpUrl,
    username: z.string(),
    token: z.string(),
    template_url: optionalHttpUrl,
    check_interval: jobInterval,
    template_interval: jobInterval,
  }),
  controllers: z.object({ allow_private_addresses: z.boolean() }),
})

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
    merged[section][key] = coerce(
      name,
      raw,
      (DEFAULT_CONFIG as Record<string, Record<string, unknown>>)[section][key],
    )
  }

  // 3. Validate; the first problem names its key.
  const result = schema.safeParse(merged)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`${source}: invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return { config: result.data as HubConfig, warnings }
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
