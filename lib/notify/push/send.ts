// One delivery attempt to one push channel, classified: accepted, worth retrying (429, 5xx, no
// answer within the timeout, a network error) or final. Nothing here logs a URL: Telegram's holds
// the bot token.
import type { ChannelConfig } from '../../core/channels.js'
import type { Env } from '../../core/env.js'
import { retryAfterMs } from '../resend.js'
import { truncateAnswer, type PushMessage, type PushResult } from './message.js'
import { ntfyAccepted, ntfyRequest } from './ntfy.js'
import { parseTelegram, telegramRequest } from './telegram.js'
import { webhookRequest } from './webhook.js'

export interface PushSendOptions {
  /** Per attempt: a hanging service counts as a retryable failure. */
  timeoutMs?: number
}

export const PUSH_TIMEOUT_MS = 10_000

export async function sendPush(
  env: Env,
  ch: ChannelConfig,
  m: PushMessage,
  opts: PushSendOptions = {},
): Promise<PushResult> {
  const timeoutMs = opts.timeoutMs ?? PUSH_TIMEOUT_MS
  const req =
    ch.type === 'ntfy'
      ? ntfyRequest(ch, m)
      : ch.type === 'telegram'
        ? telegramRequest(ch, m)
        : await webhookRequest(ch, m, env.clock.now().getTime())
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), timeoutMs)
  let status: number
  let text: string
  let retryAfter: string | null
  try {
    const res = await env.fetch(req.url, { ...req.init, signal: abort.signal })
    status = res.status
    retryAfter = res.headers.get('retry-after')
    text = await res.text()
  } catch (err) {
    if (abort.signal.aborted) return { ok: false, retry: true, answer: `no answer within ${timeoutMs} ms` }
    // The error's message may quote the URL (Telegram's carries the token): only its kind is kept.
    return { ok: false, retry: true, answer: `network error (${(err as Error)?.name ?? 'Error'})` }
  } finally {
    clearTimeout(timer)
  }
  const wait = retryAfterMs(retryAfter, env)
  if (ch.type === 'telegram') return telegramOutcome(status, text, wait)
  if (status >= 200 && status < 300) {
    if (ch.type === 'webhook') return { ok: true, id: `HTTP ${status}` }
    const id = ntfyAccepted(text)
    return id
      ? { ok: true, id }
      : { ok: false, retry: false, status, answer: truncateAnswer(`no id in answer: ${text}`) }
  }
  const retry = status === 429 || status >= 500
  return { ok: false, retry, status, answer: truncateAnswer(text), retryAfterMs: retry ? wait : undefined }
}

function telegramOutcome(status: number, text: string, wait: number | undefined): PushResult {
  const answer = parseTelegram(text)
  if (answer?.ok === true) return { ok: true, id: `message ${answer.result?.message_id ?? '?'}` }
  const code = answer?.error_code ?? status
  const after = answer?.parameters?.retry_after
  const retry = code === 429 || status === 429 || status >= 500
  return {
    ok: false,
    retry,
    status,
    answer: truncateAnswer(answer?.description ? `${code}: ${answer.description}` : text),
    retryAfterMs: typeof after === 'number' && after >= 0 ? after * 1000 : wait,
  }
}
