// ntfy (docs.ntfy.sh/publish): POST <topic URL> with the text as body and Title, Priority, Tags,
// Click (and Actions for the acknowledgement link) as headers. Header values outside printable
// ASCII (a Hungarian name in the title) go as RFC 2047 encoded words, which ntfy decodes: fetch
// refuses characters above U+00FF in a header and sends Latin-1 ones as raw bytes. ntfy answers
// 429 without Retry-After; the caller's backoff (at least 5 s) applies then.
import type { NtfyChannel } from '../../core/channels.js'
import { truncateUtf8, type PushMessage } from './message.js'

const PRIORITY = { info: '3', warning: '4', error: '5' } as const
const TAGS = { info: 'information_source', warning: 'warning', error: 'rotating_light' } as const
/** ntfy turns a longer body into an attachment. */
export const NTFY_BODY_MAX = 4096

/** A header value ntfy reads back as `s`: as is when printable ASCII, else an encoded word. */
export function headerValue(s: string): string {
  const flat = s.replace(/[\r\n]+/g, ' ')
  if (/^[\x20-\x7e]*$/.test(flat)) return flat
  const bytes = new TextEncoder().encode(flat)
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return `=?UTF-8?B?${btoa(bin)}?=`
}

export function ntfyRequest(ch: NtfyChannel, m: PushMessage): { url: string; init: RequestInit } {
  const headers: Record<string, string> = {
    Title: headerValue(m.title),
    Priority: PRIORITY[m.severity],
    Tags: TAGS[m.severity],
    Click: m.url,
  }
  // Action labels are ASCII; the URL has no commas or semicolons (base64url and digits).
  if (m.ackUrl) headers.Actions = `view, Acknowledge, ${m.ackUrl}, clear=true`
  if (ch.token) headers.Authorization = `Bearer ${ch.token}`
  return {
    url: ch.url,
    init: { method: 'POST', headers, body: truncateUtf8(m.text, NTFY_BODY_MAX) },
  }
}

/** ntfy answers the stored message as JSON: its id says it was accepted. */
export function ntfyAccepted(answer: string): string | null {
  try {
    const id = (JSON.parse(answer) as { id?: unknown }).id
    return typeof id === 'string' && id !== '' ? id : null
  } catch {
    return null
  }
}
