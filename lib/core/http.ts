// Response helpers and bounded body reading, web-standard only.
import {
  HttpError,
  badRequest,
  errorBody,
  invalidJson,
  payloadTooLarge,
  unsupportedEncoding,
  unsupportedMediaType,
} from './errors.js'
import { MAX_JSON_DEPTH, nestingBeyond, nulPaths } from './json.js'

export const KiB = 1024
export const MiB = 1024 * KiB

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers)
  headers.set('Content-Type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify(body), { ...init, headers })
}

export function errorResponse(err: HttpError): Response {
  return json(errorBody(err.code, err.message, err.details), { status: err.status, headers: err.headers })
}

/**
 * How much of a refused request body the entries still read, and drop, after answering: a client
 * still writing it then receives the answer instead of a reset (nginx's lingering close).
 */
export const LINGER_BYTES = 1 * MiB

/**
 * What a request's headers alone say about its body (docs/api.md §1), before anything reads it: any
 * Content-Encoding but identity is 415 (bodies are read as sent), a declared length over `limit`
 * is 413. The entries use it too, to answer `Expect: 100-continue` without asking for the body.
 */
export function refuseBody(headers: { get(name: string): string | null }, limit: number): HttpError | null {
  const encoding = headers.get('content-encoding')
  if (encoding !== null && !/^\s*(identity\s*)?$/i.test(encoding)) return unsupportedEncoding()
  const declared = headers.get('content-length')
  if (declared !== null && Number(declared) > limit) return payloadTooLarge(limit)
  return null
}

/**
 * Reads a response's body up to `limit` bytes, refusing more while reading: a lying or absent
 * Content-Length cannot make the hub buffer an unbounded body. Returns null when the body is larger
 * than `limit` (the rest is cancelled: the download stops); each caller says so in its own terms.
 */
export async function readWithin(res: Response, limit: number): Promise<Uint8Array | null> {
  return readUpTo(res, limit, 'cancel')
}

/**
 * A request body within `limit`, else 413. The rest of an oversized body is left unread, never
 * cancelled: the 413 must reach the client first (cancelling a request body in @whatwg-node on Node
 * destroys the socket), and the entry then closes the connection.
 */
export async function readBody(req: Request, limit: number): Promise<Uint8Array> {
  if (req.bodyUsed) throw new Error('the request body was already read')
  let bytes: Uint8Array | null
  try {
    bytes = await readUpTo(req, limit, 'leave')
  } catch {
    // Only the transport fails a request body: the client closed or reset the connection
    // mid-body. Its fault, so a 4xx (which it will likely never read), not a logged 500.
    throw badRequest('the request body ended before it was complete')
  }
  if (bytes === null) throw payloadTooLarge(limit)
  return bytes
}

/** The body within `limit`, else null; `rest` says what becomes of the unread rest of a larger one. */
async function readUpTo(
  message: Request | Response,
  limit: number,
  rest: 'cancel' | 'leave',
): Promise<Uint8Array | null> {
  const declared = message.headers.get('content-length')
  if (declared !== null && Number(declared) > limit) {
    if (rest === 'cancel') await message.body?.cancel().catch(() => {})
    return null
  }
  if (!message.body) return new Uint8Array(0)
  // With a declared length the HTTP framing bounds the body: read it in one native call.
  if (declared !== null && /^\d+$/.test(declared)) {
    const bytes = new Uint8Array(await message.arrayBuffer())
    return bytes.byteLength > limit ? null : bytes
  }
  const reader = message.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      if (rest === 'cancel') await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.byteLength
  }
  return out
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Reads a JSON object body within `limit`: 415 when the Content-Type names another media type
 * (a body without one is read as JSON), 400 for bad JSON, a non-object, or nesting deeper than
 * MAX_JSON_DEPTH.
 */
export async function readJsonObject(req: Request, limit: number): Promise<Record<string, unknown>> {
  return (await readJsonBody(req, limit)).value
}

/** readJsonObject, keeping the bytes as sent (reports are stored exactly as the controller sent them). */
export async function readJsonBody(
  req: Request,
  limit: number,
): Promise<{ value: Record<string, unknown>; bytes: Uint8Array }> {
  const type = req.headers.get('content-type')
  if (type !== null && type !== '' && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw unsupportedMediaType('application/json')
  }
  const bytes = await readBody(req, limit)
  // Before parsing: a too-deep value would parse, then overflow the stack wherever it is
  // serialized or walked (and be stored first). The scan stops at the first offending bracket.
  const tooDeepAt = nestingBeyond(bytes)
  if (tooDeepAt !== -1) {
    throw badRequest(`request body is JSON nested deeper than ${MAX_JSON_DEPTH} levels`, [
      { path: '(body)', message: `nested deeper than ${MAX_JSON_DEPTH} levels at byte ${tooDeepAt}` },
    ])
  }
  let value: unknown
  let text: string
  try {
    text = decoder.decode(bytes)
    value = JSON.parse(text)
  } catch {
    throw invalidJson()
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_json', 'request body must be a JSON object')
  }
  // A NUL would be acknowledged and then stored cut short: refused, naming where it is.
  const nul = text.includes('\\u0000') ? nulPaths(value) : []
  if (nul.length > 0) {
    throw badRequest(
      `request body holds a NUL character (\\u0000) at ${nul.join(', ')}`,
      nul.map((path) => ({ path, message: 'must not contain a NUL character (\\u0000)' })),
    )
  }
  return { value: value as Record<string, unknown>, bytes }
}

export function redirect(location: string, status = 303, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { Location: location, ...headers } })
}
