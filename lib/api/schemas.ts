// Wire schemas of docs/api.md §3. Objects are loose: unknown fields pass through and are kept.
import { z } from 'zod'
import { CONTROLLER_EVENT_TYPES, CUSTOMER_EVENT_TYPES, HUB_EVENT_TYPES, SEVERITIES } from '../events/types.js'
import { customerIdSchema } from '../core/validate.js'

const timestamp = z.iso.datetime({
  offset: true,
  message: 'expected an RFC 3339 timestamp, e.g. 2026-11-29T04:15:02Z',
})
const num = z.number({ message: 'expected number' })
const count = z
  .number({ message: 'expected number' })
  .int('expected an integer')
  .min(0, 'must not be negative')
const bytes = count
// Optional fields may also be null: a controller without a sensor sends `temperature_c: null`.
const opt = <T extends z.ZodType>(t: T) => t.nullish()
const str = z.string({ message: 'expected string' })
export const httpUrl = str.max(2048).refine((v) => {
  try {
    const u = new URL(v)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}, 'expected an http(s) URL')

export const reportSchema = z.looseObject({
  customer_id: customerIdSchema,
  timestamp,
  controller_version: str.min(1, 'must not be empty').max(64),
  controller_url: opt(httpUrl),
  hostname: opt(str.max(253)),
  monitoring_enabled: opt(z.boolean({ message: 'expected boolean' })),
  health: z.looseObject({
    status: z.enum(['ok', 'warn', 'fail'], { message: 'expected one of ok, warn, fail' }),
    checks: opt(z.array(z.looseObject({ name: opt(str), status: opt(str), message: opt(str) }))),
  }),
  system: opt(
    z.looseObject({
      os: opt(str),
      kernel: opt(str),
      arch: opt(str),
      uptime_seconds: opt(num),
      load1: opt(num),
      load5: opt(num),
      load15: opt(num),
      cpu_count: opt(num),
      cpu_percent: opt(num),
      memory_total_bytes: opt(num),
      memory_used_bytes: opt(num),
      swap_total_bytes: opt(num),
      swap_used_bytes: opt(num),
      temperature_c: opt(num),
    }),
  ),
  storage: opt(
    z.array(
      z.looseObject({
        label: opt(str),
        mount: opt(str),
        uuid: opt(str),
        total_bytes: opt(bytes),
        used_bytes: opt(bytes),
        smart_status: opt(str),
      }),
    ),
  ),
  containers: opt(
    z.array(
      z.looseObject({
        name: opt(str),
        image: opt(str),
        state: opt(str),
        health: opt(str),
        restarts: opt(count),
      }),
    ),
  ),
  apps: opt(z.array(z.looseObject({ name: opt(str) }))),
  backups: opt(
    z.looseObject({
      backup_enabled: opt(z.boolean({ message: 'expected boolean' })),
      dbdump_enabled: opt(z.boolean({ message: 'expected boolean' })),
      crossdrive_enabled: opt(z.boolean({ message: 'expected boolean' })),
      last_backup_at: opt(timestamp),
      last_backup_status: opt(str),
      last_backup_duration_seconds: opt(num),
      last_dbdump_at: opt(timestamp),
      last_dbdump_status: opt(str),
      last_crossdrive_at: opt(timestamp),
      last_crossdrive_status: opt(str),
      repository_size_bytes: opt(num),
      snapshot_count: opt(count),
    }),
  ),
})
export type Report = z.output<typeof reportSchema>

const MAX_DETAILS_BYTES = 16 * 1024
const HUB_TYPES: readonly string[] = HUB_EVENT_TYPES

export const eventSchema = z
  .looseObject({
    customer_id: customerIdSchema,
    event_type: str.refine(
      (t) => (CONTROLLER_EVENT_TYPES as readonly string[]).includes(t) || HUB_TYPES.includes(t),
      {
        message: `unknown event type; allowed: ${CONTROLLER_EVENT_TYPES.join(', ')}`,
      },
    ),
    severity: z.enum(SEVERITIES, { message: 'expected one of info, warning, error' }),
    message: str.max(2000, 'at most 2000 characters'),
    details: opt(
      z
        .record(z.string(), z.unknown(), { message: 'expected object' })
        .refine(
          (d) => new TextEncoder().encode(JSON.stringify(d)).byteLength <= MAX_DETAILS_BYTES,
          'at most 16 KiB',
        ),
    ),
    occurred_at: opt(timestamp),
    source: opt(z.literal('controller', { message: 'expected "controller" (hub events come from the hub)' })),
  })
  .superRefine((e, ctx) => {
    if (HUB_TYPES.includes(e.event_type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['event_type'],
        message: `${e.event_type} is a hub event type and cannot be sent by a controller; allowed: ${CONTROLLER_EVENT_TYPES.join(', ')}`,
      })
    }
  })
export type EventInput = z.output<typeof eventSchema>

const b64 = z.base64({ message: 'expected base64' })
export const infraBackupSchema = z.looseObject({
  customer_id: customerIdSchema,
  created_at: timestamp,
  controller_yaml_b64: b64,
  settings_json_b64: b64,
  disk_layout: z.looseObject({
    disks: z.array(z.looseObject({ uuid: opt(str), mount_point: opt(str) })),
    bind_mounts: z.array(z.looseObject({ source: opt(str), target: opt(str) })),
  }),
  stacks: z.array(z.looseObject({ name: opt(str) })),
  restic: z.looseObject({
    primary_password: str.min(1, 'must not be empty'),
    crossdrive_password: opt(str),
  }),
})

export const preferencesSchema = z.looseObject({
  customer_id: customerIdSchema,
  email: z.email({ message: 'expected an email address' }).max(254),
  enabled_events: z.array(
    z.enum(CUSTOMER_EVENT_TYPES as [string, ...string[]], {
      message: `unknown event type; allowed: ${CUSTOMER_EVENT_TYPES.join(', ')}`,
    }),
  ),
  cooldown_hours: z
    .number({ message: 'expected number' })
    .int('expected an integer')
    .min(0)
    .max(168)
    .default(6),
  // The monthly report (hub 0.4, #13): true to receive it; absent or null keeps the stored choice.
  monthly_report: opt(z.boolean({ message: 'expected boolean' })),
})

export const notifySchema = z.looseObject({
  customer_id: customerIdSchema,
  subject: str.min(1, 'must not be empty').max(300),
  message: str.max(10_000),
  severity: z.enum(SEVERITIES, { message: 'expected one of info, warning, error' }).default('warning'),
})
