// Clients that show what fetch hides: a raw HTTP/1.1 connection on node:net (the exact bytes the
// server sent, whether it closed with a FIN or a reset, a second request on the same connection)
// and curl, a real client with its own idea of 100-continue and of early answers.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RawResponse {
  status: number
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>
  body: string
}

export interface RawConnection {
  write(data: string | Uint8Array): void
  /** Resolves with the next complete response, or rejects if the connection closes first. */
  response(): Promise<RawResponse>
  /** Ends our side (FIN). */
  end(): void
  /** Resolves when the connection is gone: `reset` when it died with an error (RST), not a FIN. */
  closed: Promise<{ reset: boolean; error?: string }>
}

export function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''))
    socket.once('error', reject)
    socket.once('connect', () => {
      socket.off('error', reject)
      resolve(rawConnection(socket))
    })
  })
}

function rawConnection(socket: Socket): RawConnection {
  let buffer = Buffer.alloc(0)
  let gone = false
  let wake: () => void = () => {}
  let error: string | undefined
  socket.on('data', (d: Buffer) => {
    buffer = Buffer.concat([buffer, d])
    wake()
  })
  // Writes after the server closed fail with EPIPE or ECONNRESET; that is what `closed` reports.
  socket.on('error', (err: NodeJS.ErrnoException) => {
    error ??= err.code ?? err.message
  })
  const closed = new Promise<{ reset: boolean; error?: string }>((resolve) => {
    socket.on('close', () => {
      gone = true
      wake()
      resolve({ reset: error !== undefined, error })
    })
  })
  const more = () => new Promise<void>((r) => (wake = r))

  async function response(): Promise<RawResponse> {
    for (;;) {
      const parsed = parseResponse(buffer, gone)
      if (parsed) {
        buffer = buffer.subarray(parsed.length)
        return parsed.response
      }
      if (gone)
        throw new Error(`connection closed (${error ?? 'FIN'}) with ${JSON.stringify(String(buffer))}`)
      await more()
    }
  }

  return {
    write: (data) => {
      if (!socket.destroyed && socket.writable) socket.write(data)
    },
    response,
    end: () => socket.end(),
    closed,
  }
}

/** The status and headers of a response head (status line and header lines, without the blank line). */
function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine, ...lines] = head.split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1])
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const i = line.indexOf(':')
    const name = line.slice(0, i).trim().toLowerCase()
    const value = line.slice(i + 1).trim()
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
  }
  return { status, headers }
}

/** One response from the start of `buf`, with its length in bytes, or null while incomplete. */
function parseResponse(buf: Buffer, closed: boolean): { response: RawResponse; length: number } | null {
  const headEnd = buf.indexOf('\r\n\r\n')
  if (headEnd < 0) return null
  const { status, headers } = parseHead(buf.subarray(0, headEnd).toString('latin1'))
  const start = headEnd + 4
  if (status < 200 || status === 204 || status === 304) {
    return { response: { status, headers, body: '' }, length: start }
  }
  if (headers['content-length'] !== undefined) {
    const end = start + Number(headers['content-length'])
    if (buf.length < end) return null
    return { response: { status, headers, body: buf.subarray(start, end).toString('utf8') }, length: end }
  }
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    let at = start
    const parts: Buffer[] = []
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', at)
      if (lineEnd < 0) return null
      const size = parseInt(buf.subarray(at, lineEnd).toString('latin1'), 16)
      if (size === 0) {
        const trailerEnd = buf.indexOf('\r\n\r\n', lineEnd)
        if (trailerEnd < 0) return null
        const body = Buffer.concat(parts).toString('utf8')
        return { response: { status, headers, body }, length: trailerEnd + 4 }
      }
      if (buf.length < lineEnd + 2 + size + 2) return null
      parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size))
      at = lineEnd + 2 + size + 2
    }
  }
  // No framing: the body runs to the close.
  if (!closed) return null
  return { response: { status, headers, body: buf.subarray(start).toString('utf8') }, length: buf.length }
}

/** `body` in chunked transfer coding, in pieces of `size` bytes, with the terminating chunk. */
export function chunked(body: Uint8Array, size = 16 * 1024): Buffer {
  const parts: Buffer[] = []
  for (let i = 0; i < body.length; i += size) {
    const piece = body.subarray(i, i + size)
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), Buffer.from(piece), Buffer.from('\r\n'))
  }
  parts.push(Buffer.from('0\r\n\r\n'))
  return Buffer.concat(parts)
}

export interface CurlResult {
  exitCode: number
  stderr: string
  /** The final response (after any `100 Continue`), when one arrived. */
  response?: RawResponse
}

/** Runs curl with `args`; the final response's head comes from -D, its (decoded) body from -o. */
export function curl(args: string[]): Promise<CurlResult> {
  const bodyFile = join(mkdtempSync(join(tmpdir(), 'felhom-curl-')), 'body')
  return new Promise((resolve) => {
    execFile(
      'curl',
      ['-sS', '--max-time', '20', '-D', '-', '-o', bodyFile, ...args],
      { encoding: 'latin1' },
      (err, stdout, stderr) => {
        const exitCode = err ? Number((err as { code?: unknown }).code) || 1 : 0
        // Each response head ends with an empty line; the last one is the final answer.
        const last = stdout
          .split('\r\n\r\n')
          .filter((h) => h.startsWith('HTTP/'))
          .at(-1)
        const body = existsSync(bodyFile) ? readFileSync(bodyFile, 'utf8') : ''
        const response = last ? { ...parseHead(last), body } : undefined
        resolve({ exitCode, stderr, response })
      },
    )
  })
}
