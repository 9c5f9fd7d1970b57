// Telegram Bot API: POST <base_url>/bot<token>/sendMessage with JSON {chat_id, text, …}; answers
// {ok:true, result} or {ok:false, error_code, description, parameters?:{retry_after}}. The token is
// in the URL path by Telegram's design: that URL is never logged or stored.
import type { TelegramChannel } from '../../core/channels.js'
import type { PushMessage } from './message.js'

/** Telegram counts at most 4096 characters after entity parsing; a margin for the markup. */
const TEXT_MAX = 4000

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function telegramRequest(ch: TelegramChannel, m: PushMessage): { url: string; init: RequestInit } {
  // Telegram counts characters after parsing, so the raw text is cut (never an entity in half).
  const title = m.title.slice(0, 256)
  const text = `<b>${escape(title)}</b>\n${escape(m.text.slice(0, TEXT_MAX - title.length - 1))}`
  const buttons = [{ text: 'Open', url: m.url }]
  if (m.ackUrl) buttons.push({ text: 'Acknowledge', url: m.ackUrl })
  const body = {
    chat_id: ch.chat_id,
    text,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    reply_markup: { inline_keyboard: [buttons] },
  }
  return {
    url: `${ch.base_url.replace(/\/+$/, '')}/bot${ch.bot_token}/sendMessage`,
    init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  }
}

export interface TelegramAnswer {
  ok?: boolean
  result?: { message_id?: number }
  error_code?: number
  description?: string
  parameters?: { retry_after?: number }
}

export function parseTelegram(answer: string): TelegramAnswer | null {
  try {
    const v = JSON.parse(answer)
    return v !== null && typeof v === 'object' ? (v as TelegramAnswer) : null
  } catch {
    return null
  }
}
