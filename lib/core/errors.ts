// One error type for every client-visible failure; functions/app.ts renders it in the contract's
// shape: {"error": {"code", "message", "details"?}}.

export interface ErrorDetail {
  path: string
  message: string
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new HttpError(400, 'validation_failed', message, details)
export const invalidJson = (message = 'request body is not valid JSON') =>
  new HttpError(400, 'invalid_json', message)
export const unauthorized = (message = 'missing or unknown API key') =>
  new HttpError(401, 'unauthorized', message)
export const forbidden = (message = 'this key may not act for that customer') =>
  new HttpError(403, 'forbidden', message)
export const notFound = (what = 'resource') => new HttpError(404, 'not_found', `${what} not found`)
export const methodNotAllowed = (allow: string[]) =>
  new HttpError(405, 'method_not_allowed', `method not allowed; use ${allow.join(', ')}`, undefined, {
    Allow: allow.join(', '),
  })
/** Carries `Connection: close`: the rest of the body is never read, so the connection cannot go on. */
export const payloadTooLarge = (limit: number) =>
  new HttpError(413, 'payload_too_large', `request body exceeds ${limit} bytes`, undefined, {
    Connection: 'close',
  })
export const unsupportedMediaType = (expected: string) =>
  new HttpError(415, 'unsupported_media_type', `expected Content-Type ${expected}`)
export const unsupportedEncoding = () =>
  new HttpError(
    415,
    'unsupported_media_type',
    'request bodies are read as sent: Content-Encoding must be identity',
  )
export const rateLimited = (retryAfterSeconds: number, message = 'too many attempts; try again later') =>
  new HttpError(429, 'rate_limited', message, undefined, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  })
export const unavailable = (message = 'service unavailable') => new HttpError(503, 'unavailable', message)
export const idempotencyConflict = () =>
  new HttpError(
    409,
    'idempotency_conflict',
    'this Idempotency-Key was already used with a different request body',
  )

export function errorBody(code: string, message: string, details?: ErrorDetail[]) {
  return { error: details && details.length > 0 ? { code, message, details } : { code, message } }
}
