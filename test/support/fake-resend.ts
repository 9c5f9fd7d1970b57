// A fake Resend: a real HTTP server on 127.0.0.1 speaking the part of Resend's API the hub uses
// (POST /emails with a Bearer key and an Idempotency-Key). It records what it receives and can be
// told to answer 429 with Retry-After, 5xx, or not at all, for the next N requests. Like Resend, a
// repeated Idempotency-Key returns the first answer and sends nothing new.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'

export const FAKE_RESEND_KEY = 're_test_0123456789abcdef'

export interface ReceivedEmail {
  from: string
  to: string | string[]
  subject: string
  html: string
  text: string
  idempotencyKey: string | null
}

export interface Attempt {
  idempotencyKey: string | null
  status: number | 'hung'
}

type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang'

export interface FakeResend {
  url: string
  apiKey: string
  /** Emails actually "sent": one per idempotency key. */
  emails: ReceivedEmail[]
  /** Every request that reached POST /emails, with how it was answered. */
  attempts: Attempt[]
  /** The next `n` requests get this answer instead of success. */
  answerNext(n: number, answer: Exclude<Answer, 'hang'>): void
  /** The next `n` requests get no answer until release() (or the client gives up). */
  hangNext(n: number): void
  /** Stops hanging: answers every hung request as a success and drops the hangs still queued. */
  release(): void
  /** Resolves once `n` requests have arrived. */
  waitForAttempts(n: number): Promise<void>
  close(): Promise<void>
}

const servers: FakeResend[] = []
afterEach(async () => {
  while (servers.length) await servers.pop()!.close()
})

export async function startFakeResend(opts: { apiKey?: string } = {}): Promise<FakeResend> {
  const apiKey = opts.apiKey ?? FAKE_RESEND_KEY
  const emails: ReceivedEmail[] = []
  const attempts: Attempt[] = []
  const queue: Answer[] = []
  const hung: (() => void)[] = []
  const sentByKey = new Map<string, string>()
  const waiters: { n: number; resolve: () => void }[] = []
  let nextId = 1

  function accept(email: ReceivedEmail): string {
    const key = email.idempotencyKey
    if (key && sentByKey.has(key)) return sentByKey.get(key)!
    const id = `fake-${nextId++}`
    emails.push(email)
    if (key) sentByKey.set(key, id)
    return id
  }

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    if (req.method !== 'POST' || req.url !== '/emails')
      return reply(res, 404, { statusCode: 404, name: 'not_found', message: 'Not found' })
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return reply(res, 401, {
        statusCode: 401,
        name: 'missing_api_key',
        message: 'Missing or invalid API key',
      })
    }
    let body: Record<string, any>
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return reply(res, 422, { statusCode: 422, name: 'validation_error', message: 'Invalid JSON' })
    }
    const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null
    const answer = queue.shift()
    const record = (status: Attempt['status']) => {
      attempts.push({ idempotencyKey, status })
      for (const w of [...waiters])
        if (attempts.length >= w.n) (waiters.splice(waiters.indexOf(w), 1), w.resolve())
    }
    if (answer === 'hang') {
      record('hung')
      hung.push(() => {
        if (!res.writableEnded && !res.destroyed)
          reply(res, 200, { id: accept(emailOf(body, idempotencyKey)) })
      })
      return
    }
    if (answer) {
      record(answer.status)
      return reply(
        res,
        answer.status,
        answer.body ?? { statusCode: answer.status, name: 'fake_error', message: 'fake failure' },
        answer.headers,
      )
    }
    for (const field of ['from', 'to', 'subject']) {
      if (!body[field])
        return (
          record(422),
          reply(res, 422, {
            statusCode: 422,
            name: 'validation_error',
            message: `Missing \`${field}\` field.`,
          })
        )
    }
    record(200)
    reply(res, 200, { id: accept(emailOf(body, idempotencyKey)) })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const fake: FakeResend = {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    emails,
    attempts,
    answerNext(n, answer) {
      for (let i = 0; i < n; i++) queue.push(answer)
    },
    hangNext(n) {
      for (let i = 0; i < n; i++) queue.push('hang')
    },
    release() {
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i] === 'hang') queue.splice(i, 1)
      while (hung.length) hung.shift()!()
    },
    waitForAttempts(n) {
      if (attempts.length >= n) return Promise.resolve()
      return new Promise((resolve) => waiters.push({ n, resolve }))
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  servers.push(fake)
  return fake
}

function emailOf(body: Record<string, any>, idempotencyKey: string | null): ReceivedEmail {
  return {
    from: body.from,
    to: body.to,
    subject: body.subject,
    html: body.html,
    text: body.text,
    idempotencyKey,
  }
}

/** The notifications section of a test config that talks to this fake. */
export function resendConfig(fake: FakeResend, overrides: Record<string, unknown> = {}) {
  return {
    resend_api_key: fake.apiKey,
    resend_base_url: fake.url,
    operator_email: 'ops@felhom.test',
    ...overrides,
  }
}
