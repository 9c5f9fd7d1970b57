// One HTTP call from the hub to a customer's controller (docs/api.md §5), with every safety rail in one
// place: address check, Bearer key, no redirects, a deadline covering DNS, connect and body, a
// body size cap, and each failure turned into a plain-words result instead of an exception.
import type { Env } from '../core/env.js'
import type { Customer } from '../store/customers.js'
import { checkControllerUrl } from './address.js'
import { controllerMessage, describeMs, networkCause, readCapped, redact, TooLarge } from './answer.js'

export type ControllerFailure =
  | 'no_url'
  | 'private_address'
  | 'invalid_url'
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'rejected'
  | 'bad_response'

export type ControllerResult<T> =
  | { ok: true; value: T }
  | {
      ok: false
      reason: ControllerFailure
      status?: number
      message: string
      /**
       * Set when the request certainly never reached the controller (no URL, an address refused,
       * no connection made): safe to send again. Absent, the controller may have received it.
       */
      notSent?: true
    }

export interface ControllerCallOptions {
  /** Deadline for the whole call, DNS to last body byte; default env.controllerTimeoutMs, else 10 s. */
  timeoutMs?: number
  /** Largest response body the hub reads. */
  maxBodyBytes?: number
}

export const DEFAULT_TIMEOUT_MS = 10_000
export const MAX_BODY_BYTES = 1024 * 1024

export interface CallSpec {
  method: 'GET' | 'POST'
  path: string
  body?: string
  contentType?: string
  accept: string
  /** What was sent, for messages: "config", "update request". */
  what: string
  /** Judges a 2xx answer; a returned failure becomes the result (and is what gets logged). */
  validate?: (status: number, body: string) => { reason: ControllerFailure; message: string } | null
}

/** The operator's pinned URL, else the one the controller reported, else null. */
export function controllerBaseUrl(c: Customer): string | null {
  const pinned = c.controllerUrl.trim()
  if (pinned !== '') return pinned
  const reported = c.reportedControllerUrl?.trim()
  return reported ? reported : null
}

const fail = (reason: ControllerFailure, message: string, status?: number) =>
  ({ ok: false, reason, message, ...(status === undefined ? {} : { status }) }) as const
const notSent = (reason: ControllerFailure, message: string) =>
  ({ ok: false, reason, message, notSent: true }) as const

/** Connection errors that happen before a single byte of the request can be written. */
const BEFORE_SENDING = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPRIVATEADDRESS',
  'EBADPORT',
])
/** The error's code; fetch's own refusal of a blocked port (before any connection) has none. */
function errorCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause
  if (cause?.message === 'bad port') return 'EBADPORT'
  return cause?.code ?? (err as { code?: string })?.code
}

/** Calls the controller; resolves to its status and body text (2xx only), never rejects. */
export async function callController(
  env: Env,
  c: Customer,
  apiKey: string,
  spec: CallSpec,
  opts: ControllerCallOptions = {},
): Promise<ControllerResult<{ status: number; body: string }>> {
  let result: ControllerResult<{ status: number; body: string }>
  try {
    result = await attempt(env, c, apiKey, spec, opts)
  } catch (err) {
    // attempt() handles every failure it knows; this keeps the "never throws" promise anyway.
    result = fail(
      'bad_response',
      `The call to the controller failed unexpectedly: ${redact(String(err), apiKey)}`,
    )
  }
  const fields = { customer_id: c.customerId, method: spec.method, path: spec.path }
  if (result.ok) env.log.info('controller call', { ...fields, status: result.value.status, outcome: 'ok' })
  else
    env.log.warn('controller call', {
      ...fields,
      status: result.status,
      outcome: result.reason,
      message: result.message,
    })
  return result
}

async function attempt(env: Env, c: Customer, apiKey: string, spec: CallSpec, opts: ControllerCallOptions) {
  const timeoutMs = opts.timeoutMs ?? env.controllerTimeoutMs ?? DEFAULT_TIMEOUT_MS
  const base = controllerBaseUrl(c)
  if (base === null) {
    return notSent(
      'no_url',
      'No controller URL is known for this customer: pin one in its config, or wait for a report that carries controller_url.',
    )
  }
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(), timeoutMs)
  const timedOut = () => fail('timeout', `The controller did not answer within ${describeMs(timeoutMs)}.`)
  try {
    // 1. Address check, under the same deadline (a DNS lookup can hang too).
    const check = await Promise.race([checkControllerUrl(env, base), aborted(deadline.signal)])
    if (check === 'aborted') return { ...timedOut(), notSent: true as const }
    if (!check.ok) return notSent(check.reason, check.message)
    const url = new URL(check.url.href)
    url.pathname = url.pathname.replace(/\/+$/, '') + spec.path
    url.search = ''
    url.hash = ''

    // 2. The request. Redirects are never followed: the target could be anywhere.
    const headers: Record<string, string> = {
      Authorization: `Bearer ${apiKey}`,
      Accept: spec.accept,
      'User-Agent': 'felhom-hub',
    }
    if (spec.contentType) headers['Content-Type'] = spec.contentType
    let res: Response
    try {
      res = await (env.controllerFetch ?? env.fetch)(url, {
        method: spec.method,
        headers,
        body: spec.body,
        redirect: 'manual',
        signal: deadline.signal,
      })
    } catch (err) {
      if (deadline.signal.aborted) return timedOut()
      const message = `The controller at ${url.origin} could not be reached (${networkCause(err)}).`
      return BEFORE_SENDING.has(errorCode(err) ?? '')
        ? notSent('unreachable', message)
        : fail('unreachable', message)
    }
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
      await res.body?.cancel().catch(() => {})
      const to = res.headers.get('location')
      return fail(
        'bad_response',
        `The controller answered with a redirect (${res.status}${to ? ` to ${redact(to, apiKey).slice(0, 200)}` : ''}); the hub does not follow redirects, so check the controller URL.`,
        res.status || undefined,
      )
    }

    // 3. The body, capped, still under the deadline.
    let bytes: Uint8Array
    try {
      bytes = await readCapped(res, opts.maxBodyBytes ?? MAX_BODY_BYTES)
    } catch (err) {
      if (deadline.signal.aborted) return timedOut()
      if (err instanceof TooLarge)
        return fail('bad_response', `The controller's answer is larger than ${err.message}.`, res.status)
      return fail(
        'unreachable',
        `The connection to the controller broke while reading its answer (${networkCause(err)}).`,
        res.status,
      )
    }
    let body: string
    try {
      body = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      return fail('bad_response', "The controller's answer is not UTF-8 text.", res.status)
    }

    // 4. The status.
    if (res.status === 401 || res.status === 403) {
      return fail('unauthorized', `The controller refused the hub's API key (${res.status}).`, res.status)
    }
    if (res.status < 200 || res.status > 299) {
      const said = controllerMessage(body, apiKey) ?? `HTTP ${res.status}`
      const verb = res.status >= 500 ? `failed while handling the ${spec.what}` : `rejected the ${spec.what}`
      return fail('rejected', `The controller ${verb}: ${said} (${res.status}).`, res.status)
    }
    const problem = spec.validate?.(res.status, body)
    if (problem) return fail(problem.reason, problem.message, res.status)
    return { ok: true as const, value: { status: res.status, body } }
  } finally {
    clearTimeout(timer)
  }
}

function aborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve('aborted'), { once: true }))
}

/**
 * What became of a call, for callers that must never send the same thing twice (rollouts, queued
 * actions): `accepted` (a 2xx the caller wanted), `refused` (the controller answered no: 4xx, 5xx,
 * a redirect), `not_sent` (it certainly never arrived) or `unknown` (it may have arrived: a
 * timeout after connecting, a broken connection, a 2xx with an unexpected body).
 */
export type Delivery = 'accepted' | 'refused' | 'not_sent' | 'unknown'

export function deliveryOf(r: ControllerResult<unknown>): Delivery {
  if (r.ok) return 'accepted'
  if (r.notSent) return 'not_sent'
  if (r.reason === 'timeout' || r.reason === 'unreachable' || r.status === undefined) return 'unknown'
  if (r.status >= 200 && r.status <= 299) return 'unknown'
  return 'refused'
}
