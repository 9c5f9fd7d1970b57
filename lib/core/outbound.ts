// Outbound GETs for the scheduled jobs (Gitea): through env.fetch, with a timeout that covers the
// whole exchange (headers and body) and a size bound enforced while reading.
import { readWithin } from './http.js'
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
  const bytes = await readWithin(res, maxBytes)
  if (bytes === null) throw new OutboundError(`response larger than ${maxBytes} bytes`)
  return new TextDecoder().decode(bytes)
}
