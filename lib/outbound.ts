// Outbound GETs for the scheduled jobs (Gitea): through env.fetch, with a timeout that covers the
// whole exchange (headers and body) and a size bound enforced while reading.
import type { Env } from './env.js'

export interface FetchedText {
  status: number
  headers: Headers
  text: string
  url: string
}

export class OutboundError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutboundError'
  }
}

export async function fetchText(
  env: Env,
  url: string,
  init: { headers?: Record<string, string> },
  opts: { timeoutMs: number; maxBytes: number },
): Promise<FetchedText> {
  const signal = AbortSignal.timeout(opts.timeoutMs)
  const failed = (what: string, err: unknown) =>
    new OutboundError(
      signal.aborted ? `timed out after ${opts.timeoutMs} ms` : `${what}: ${(err as Error).message}`,
    )
  let res: Response
  try {
    res = await env.fetch(url, { method: 'GET', headers: init.headers, signal, redirect: 'follow' })
  } catch (err) {
    throw failed('request failed', err)
  }
  try {
    const text = await readLimited(res, opts.maxBytes)
    return { status: res.status, headers: res.headers, text, url: res.url || url }
  } catch (err) {
    if (err instanceof OutboundError) throw err
    throw failed('reading the body failed', err)
  }
}

async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const declared = res.headers.get('content-length')
  if (declared !== null && Number(declared) > maxBytes) {
    await res.body?.cancel().catch(() => {})
    throw new OutboundError(`response larger than ${maxBytes} bytes`)
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      throw new OutboundError(`response larger than ${maxBytes} bytes`)
    }
    chunks.push(value)
  }
  const dec = new TextDecoder()
  return chunks.map((c) => dec.decode(c, { stream: true })).join('') + dec.decode()
}
