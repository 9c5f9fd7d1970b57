// Node-only: what node:http does at the edges of a request, set the way docs/api.md §1 says. An
// answer given before its request body was all received (a 413, a 415, a 401 to an upload) closes
// the connection, gently: the answer is flushed, our side ends, and what the client still sends is read and dropped for a while, so a client still writing its body reads the answer
// instead of meeting a reset. `Expect: 100-continue` is answered only when the body is wanted, and
// requests node:http cannot parse get an answer in the error shape too.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { errorBody } from '../core/errors.js'
import { LINGER_BYTES } from '../core/http.js'

/** How long a closing connection keeps reading what the client still sends. */
const LINGER_MS = 5_000

/** The request's headers, read the way a web Headers object reads them. */
export function nodeHeaders(req: IncomingMessage): { get(name: string): string | null } {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()]
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
    },
  }
}

/**
 * Answers `Expect: 100-continue` with `100 Continue` only when `refused(req)` is false (node:http
 * sends it unasked otherwise): a body refused by its headers is answered at once, and the client
 * never sends it.
 */
export function continueUnlessRefused(server: Server, refused: (req: IncomingMessage) => boolean): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!refused(req)) res.writeContinue()
    server.emit('request', req, res)
  })
}

/**
 * The answer to `req`, closing the connection when the request body was not all received (or the
 * answer already says `Connection: close`). node:http would otherwise read the rest, however
 * large, to keep the connection; and its own close resets a client still writing.
 */
export function closeIfBodyUnread(req: IncomingMessage, res: Response): Response {
  if (req.complete && res.headers.get('connection') !== 'close') return res
  res.headers.set('Connection', 'close')
  lingerOnClose(req)
  return res
}

/**
 * node:http ends a `Connection: close` answer with socket.destroySoon(): end our side, then destroy
 * the socket as soon as that is flushed. Data the client sends after that makes the kernel answer
 * with a reset, which can reach the client before it has read the answer ("Connection reset by
 * peer"). This connection lingers instead, as nginx's lingering close does:
 *  1. from now on, read and drop up to LINGER_BYTES more of the request body (through the request,
 *     so node's parser keeps framing it and the socket reading; a handler may have stopped
 *     part-way); past that, stop reading, so TCP flow control holds the client back;
 *  2. once the answer is out, end our side (FIN);
 *  3. close when the body has all arrived or the client closes, else after LINGER_MS. A client
 *     still writing is never reset while it could be reading the answer: clients that read while
 *     they write (curl, Go, undici) then stop and close on their own.
 */
function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket
  let dropped = 0
  let answered = false
  const drop = () => {
    for (let chunk: Buffer | null; dropped <= LINGER_BYTES && (chunk = req.read()) !== null;) {
      dropped += chunk.length
    }
    if (answered && req.readableEnded) {
      if (socket.writableFinished) socket.destroy()
      else socket.once('finish', () => socket.destroy())
    }
  }
  req.on('readable', drop)
  req.on('end', drop)
  drop()
  socket.destroySoon = function lingeringClose() {
    answered = true
    socket.end()
    const timer = setTimeout(() => socket.destroy(), LINGER_MS)
    socket.once('close', () => clearTimeout(timer))
    drop()
  }
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'request headers too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'the request did not arrive in time'],
}

/**
 * 'clientError': node:http could not parse the request (request line, headers, framing). Its
 * default answer has no body; this one is in the error shape, and closes the connection. A socket
 * that can no longer take an answer, or is in the middle of sending one, is destroyed (as node does).
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent
  if (err.code === 'ECONNRESET' || !socket.writable || answering) {
    socket.destroy()
    return
  }
  const [status, reason, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', 'malformed request']
  const body = JSON.stringify(errorBody('validation_failed', message))
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  )
}
