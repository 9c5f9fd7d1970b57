// Reading a controller's answer and putting failures into words: capped body reads, the
// controller's own error message, network causes. Web-standard only.

import { readWithin } from '../core/http.js'

export class TooLarge extends Error {}

/** The body up to `limit` bytes; more (declared or streamed) throws TooLarge before it is buffered. */
export async function readCapped(res: Response, limit: number): Promise<Uint8Array> {
  const bytes = await readWithin(res, limit)
  if (bytes === null) throw new TooLarge(describeBytes(limit))
  return bytes
}

/** The controller's own words from an `{"error":{"message"}}` body, cleaned and bounded. */
export function controllerMessage(body: string, apiKey: string): string | null {
  let said: unknown
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown }
    said =
      typeof parsed.error === 'object' && parsed.error !== null
        ? (parsed.error as { message?: unknown }).message
        : parsed.error
    said ??= parsed.message
  } catch {
    return null
  }
  if (typeof said !== 'string' || said.trim() === '') return null
  // eslint-disable-next-line no-control-regex
  const clean = said.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return redact(clean.length > 300 ? `${clean.slice(0, 300)}…` : clean, apiKey)
}

/** A controller could echo the key back in an error; it must not reach a page or a log. */
export function redact(text: string, apiKey: string): string {
  return apiKey.length >= 8 ? text.split(apiKey).join('[redacted]') : text
}

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
}

export function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause
  const code = cause?.code ?? (err as { code?: string })?.code
  if (code && CAUSES[code]) return CAUSES[code]
  if (code && /CERT|TLS|SSL/i.test(code)) return `TLS problem: ${code}`
  return code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))
}

export function describeMs(ms: number): string {
  if (ms >= 1000 && ms % 1000 === 0) return ms === 1000 ? '1 second' : `${ms / 1000} seconds`
  return `${ms} ms`
}

function describeBytes(n: number): string {
  return n >= 1024 * 1024 && n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`
}
