// The configured push channels as the rest of the hub sees them: a label that names a channel in
// the log without its secret, and the secret masked for the settings page.
import type { ChannelConfig } from '../../core/channels.js'
import type { HubConfig } from '../../core/config.js'

export interface PushChannel {
  index: number
  config: ChannelConfig
  /** `channels[0] ntfy.example`: the notification log's recipient, never a secret. */
  label: string
}

const host = (url: string) => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

export function channelLabel(ch: ChannelConfig, index: number): string {
  const where = ch.type === 'telegram' ? `chat ${ch.chat_id}` : host(ch.url)
  return `channels[${index}] ${where}`
}

export function pushChannels(config: HubConfig): PushChannel[] {
  return config.notifications.channels.map((c, index) => ({
    index,
    config: c,
    label: channelLabel(c, index),
  }))
}

/** The channel a log row was meant for, if the configuration still has it at the same place. */
export function channelForRow(config: HubConfig, type: string, label: string | null): PushChannel | null {
  const found = pushChannels(config).find((c) => c.label === label && c.config.type === type)
  return found ?? null
}

/**
 * A channel's URL as the settings page shows it: without user info or query values, which some
 * services use for credentials of their own.
 */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url)
    u.username = ''
    u.password = ''
    for (const k of [...u.searchParams.keys()]) u.searchParams.set(k, '…')
    return u.toString()
  } catch {
    return '(invalid URL)'
  }
}

/** The secret a channel holds (empty when it has none). */
export function channelSecret(ch: ChannelConfig): string {
  return ch.type === 'ntfy' ? ch.token : ch.type === 'telegram' ? ch.bot_token : ch.secret
}

/** Never the secret itself: its last four characters when it is long enough that they give little away. */
export function maskSecret(secret: string): string {
  if (secret === '') return '(none)'
  return secret.length >= 16 ? `••••${secret.slice(-4)}` : '•••• (set)'
}

export const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const
