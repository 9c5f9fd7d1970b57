// Resend's HTTP API (docs/api.md §5): POST {resend_base_url}/emails. Retries 429, 5xx, network errors and
// timeouts with exponential backoff that honours Retry-After; other 4xx are final. The API key goes
// in the Authorization header only and is never logged.
import { sha256Hex } from '../core/crypto.js'
import type { Env } from '../core/env.js'

export interface Email {
  to: string
  subject: string
  html: string
  text: string
  /** Resend sends one email per key (24 h), so a retried or repeated send is not a second email. */
  idempotencyKey: string
}

export type SendResult =
  | { ok: true; id: string; attempts: number }
  | { ok: false; status?: number; answer: string; attempts: number }

export interface SendOptions {
  /** Attempts in all, the first included. */
  attempts?: number
  /** Per attempt; a hanging provider counts as a retryable failure. */
  timeoutMs?: number
  /** First backoff; doubled each retry. */
  baseDelayMs?: number
  /** Upper bound for any wait, Retry-After included, so one email cannot stall the outbox. */
  maxDelayMs?: number
  /** Injectable for tests: record the waits instead of sleeping them. */
  sleep?: (ms: number) => Promise<void>
}

const DEFAULTS: Required<SendOptions> = {
  attempts: 4,
  timeoutMs: 10_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

const ANSWER_MAX = 500

export async function sendEmail(env: Env, email: Email, options: SendOptions = {}): Promise<SendResult> {
  const o = { ...DEFAULTS, ...options }
  const n = env.config.notifications
  const url = `${n.resend_base_url.replace(/\/+$/, '')}/emails`
  const { to, subject, html, text } = email
  const body = JSON.stringify({ from: n.from_email, to, subject, html, text })
  const key = await headerKey(email.idempotencyKey)
  let last: { status?: number; answer: string } = { answer: 'not attempted' }

  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    const outcome = await attemptOnce(env, url, body, key, o.timeoutMs)
    if (outcome.kind === 'sent') return { ok: true, id: outcome.id, attempts: attempt }
    last = { status: outcome.status, answer: outcome.answer }
    if (outcome.kind === 'final') return { ok: false, ...last, attempts: attempt }
    if (attempt === o.attempts) break
    const backoff = o.baseDelayMs * 2 ** (attempt - 1)
    const wait = Math.min(o.maxDelayMs, Math.max(backoff, outcome.retryAfterMs ?? 0))
    env.log.info('resend: retrying', {
      attempt,
      status: outcome.status,
      wait_ms: wait,
      idempotency_key: email.idempotencyKey,
    })
    await o.sleep(wait)
  }
  return { ok: false, ...last, attempts: o.attempts }
}

type Outcome =
  | { kind: 'sent'; id: string }
  | { kind: 'retry'; status?: number; answer: string; retryAfterMs?: number }
  | { kind: 'final'; status: number; answer: string }

async function attemptOnce(
  env: Env,
  url: string,
  body: string,
  key: string,
  timeoutMs: number,
): Promise<Outcome> {
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), timeoutMs)
  try {
    const res = await env.fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${env.config.notifications.resend_api_key}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': key,
      },
      body,
      signal: abort.signal,
    })
    const text = await res.text()
    if (res.ok) {
      const id = parseId(text)
      if (id) return { kind: 'sent', id }
      return { kind: 'final', status: res.status, answer: truncate(`no id in answer: ${text}`) }
    }
    if (res.status === 429 || res.status >= 500) {
      const wait = retryAfterMs(res.headers.get('retry-after'), env)
      return { kind: 'retry', status: res.status, answer: truncate(text), retryAfterMs: wait }
    }
    return { kind: 'final', status: res.status, answer: truncate(text) }
  } catch (err) {
    if (abort.signal.aborted) return { kind: 'retry', answer: `no answer within ${timeoutMs} ms` }
    return { kind: 'retry', answer: truncate(`network error: ${(err as Error)?.message ?? String(err)}`) }
  } finally {
    clearTimeout(timer)
  }
}

function parseId(text: string): string | null {
  try {
    const id = (JSON.parse(text) as { id?: unknown })?.id
    return typeof id === 'string' && id !== '' ? id : null
  } catch {
    return null
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | null, env: Pick<Env, 'clock'>): number | undefined {
  if (!value) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const at = Date.parse(v)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - env.clock.now().getTime())
}

/** Resend takes keys of at most 256 characters; a long recipient address is hashed into one. */
async function headerKey(key: string): Promise<string> {
  return key.length <= 256 ? key : `sha256:${await sha256Hex(key)}`
}

const truncate = (s: string) => (s.length > ANSWER_MAX ? `${s.slice(0, ANSWER_MAX)}…` : s)
