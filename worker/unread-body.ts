// workerd closes a connection whose request body the Worker left unread, once the answer is sent,
// and drops the Worker's own `Connection` header, so the client is not told: a client that sends
// its next request on that connection finds it gone. The entry therefore hands the router a body
// it pumps from the original, and before it answers, reads and drops whatever the handlers left
// (bounded); the connection then stays usable. Web-standard only.
import { LINGER_BYTES } from '../lib/core/http.js'

export interface TrackedRequest {
  request: Request
  /** Reads and drops the rest of the body, when that is worth doing; resolves when done. */
  dropRest(): Promise<void>
}

export function trackBody(original: Request): TrackedRequest {
  const source = original.body?.getReader()
  if (!source) return { request: original, dropRest: async () => {} }
  let done = false
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await source.read()
        if (chunk.done) {
          done = true
          controller.close()
        } else controller.enqueue(chunk.value)
      },
    },
    // Nothing is read before a handler asks for it.
    { highWaterMark: 0 },
  )
  return {
    request: new Request(original, { body }),
    async dropRest() {
      // A client waiting for `100 Continue` sends nothing until answered; a declared rest larger
      // than the bound is not worth reading in part. workerd closes the connection in both cases.
      if (done || /100-continue/i.test(original.headers.get('expect') ?? '')) return
      const declared = Number(original.headers.get('content-length') ?? 0)
      if (declared > LINGER_BYTES) return
      let dropped = 0
      while (dropped <= LINGER_BYTES) {
        const chunk = await source.read()
        if (chunk.done) return
        dropped += chunk.value.byteLength
      }
    },
  }
}
