// notifications.channels in hub.yaml (spec §9): the operator's push channels besides email. Each
// entry is checked by its `type`, so a problem is reported at the key that has it
// (`notifications.channels[1].bot_token`). The secrets here (an ntfy token, a Telegram bot token, a
// webhook signing secret) never leave the process except towards their own service.
import { z } from 'zod'

export const CHANNEL_TYPES = ['ntfy', 'telegram', 'webhook'] as const
export type ChannelType = (typeof CHANNEL_TYPES)[number]

const url = z
  .string({ error: 'expected an http(s) URL' })
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), 'expected an http(s) URL')
const minSeverity = z.enum(['warning', 'error'], { error: 'expected warning or error' }).default('warning')

/** A Standard Webhooks symmetric secret: `whsec_` and the base64 of 24 to 64 random bytes. */
export function webhookSecretBytes(secret: string): Uint8Array | null {
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret)
  if (!m) return null
  let raw: string
  try {
    raw = atob(m[1])
  } catch {
    return null
  }
  if (raw.length < 24 || raw.length > 64) return null
  return Uint8Array.from(raw, (c) => c.charCodeAt(0))
}

const ntfy = z.object({
  type: z.literal('ntfy'),
  url,
  token: z.string({ error: 'expected a string (an ntfy access token, or "")' }).default(''),
  min_severity: minSeverity,
})

const telegram = z.object({
  type: z.literal('telegram'),
  bot_token: z
    .string({ error: 'expected the bot token from @BotFather, e.g. 123456:ABC-…' })
    .regex(/^\d+:[\w-]+$/, 'expected the bot token from @BotFather, e.g. 123456:ABC-…'),
  // YAML reads an unquoted id as a number; the API takes either form.
  chat_id: z
    .union([z.string(), z.number().int()], { error: 'expected a chat id (-100…) or @channelname' })
    .transform(String)
    .refine((v) => /^-?\d+$/.test(v) || /^@\w{4,}$/.test(v), 'expected a chat id (-100…) or @channelname'),
  base_url: url.default('https://api.telegram.org'),
  min_severity: minSeverity,
})

const webhook = z.object({
  type: z.literal('webhook'),
  url,
  secret: z
    .string({ error: 'expected whsec_ followed by the base64 of 24 to 64 random bytes' })
    .refine(
      (v) => webhookSecretBytes(v) !== null,
      'expected whsec_ followed by the base64 of 24 to 64 random bytes',
    ),
  min_severity: minSeverity,
})

const KNOWN_KEYS: Record<ChannelType, string[]> = {
  ntfy: Object.keys(ntfy.shape),
  telegram: Object.keys(telegram.shape),
  webhook: Object.keys(webhook.shape),
}

export const channelSchema = z.discriminatedUnion('type', [ntfy, telegram, webhook], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? 'expected type: ntfy, telegram or webhook'
      : 'expected a mapping with a type: ntfy, telegram or webhook',
})

export type ChannelConfig = z.output<typeof channelSchema>
export type NtfyChannel = Extract<ChannelConfig, { type: 'ntfy' }>
export type TelegramChannel = Extract<ChannelConfig, { type: 'telegram' }>
export type WebhookChannel = Extract<ChannelConfig, { type: 'webhook' }>

export const channelsSchema = z.array(channelSchema, {
  error: 'expected a list of channels, each with a type: ntfy, telegram or webhook',
})

/** Keys of a channel entry that its type does not know: warned about and ignored, like elsewhere. */
export function unknownChannelKeys(value: unknown, key: string): string[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((entry, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return []
    const known = KNOWN_KEYS[(entry as { type?: string }).type as ChannelType]
    if (!known) return []
    return Object.keys(entry)
      .filter((k) => !known.includes(k))
      .map((k) => `unknown key "${key}[${i}].${k}" ignored`)
  })
}
