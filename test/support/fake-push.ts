// Fakes of the operator's push services, real HTTP servers on 127.0.0.1 speaking the part of each
// API the hub uses, recording what they receive, and scriptable to answer 429, 5xx or not at all
// for the next requests:
// - ntfy: POST /<topic> with Title, Priority, Tags, Click (and Actions) headers; decodes RFC 2047
//   encoded words as ntfy does; answers the message as JSON, 429 without Retry-After;
// - Telegram: POST /bot<token>/sendMessage, {ok, result} or {ok:false, error_code, description,
//   parameters:{retry_after}};
// - a webhook that checks the Standard Webhooks signature with the `standardwebhooks` library.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterEach } from 'vitest'

type Scripted = { status: number; body: unknown; headers?: Record<string, string> } | 'hang'

export interface Received {
  path: string
  headers: Record<string, string>
  body: string
  /** How it was answered: a status, or 'hung'. */
  answered: number | 'hung'
}

interface Core {
  url: string
  received: Received[]
  /** The next `n` requests get this answer (or none, 'hang') instead of the normal one. */
  script(n: number, answer: Scripted): void
  close(): Promise<void>
}

const open: Core[] = []
afterEach(async () => {
  while (open.length) await open.pop()!.close()
})

async function scriptedServer(
  normal: (path: string, headers: Record<string, string>, body: string) => Exclude<Scripted, 'hang'>,
): Promise<Core> {
  const received: Received[] = []
  const queue: Scripted[] = []
  const hung: ServerResponse[] = []
  const reply = (res: ServerResponse, a: Exclude<Scripted, 'hang'>) => {
    res.writeHead(a.status, { 'Content-Type': 'application/json', ...a.headers })
    res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body))
  }
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    )
    const body = Buffer.concat(chunks).toString('utf8')
    const scripted = queue.shift()
    if (scripted === 'hang') {
      received.push({ path: req.url ?? '', headers, body, answered: 'hung' })
      hung.push(res)
      return
    }
    const answer = scripted ?? normal(req.url ?? '', headers, body)
    received.push({ path: req.url ?? '', headers, body, answered: answer.status })
    reply(res, answer)
  }
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const core: Core = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    script(n, answer) {
      for (let i = 0; i < n; i++) queue.push(answer)
    },
    async close() {
      for (const res of hung) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  open.push(core)
  return core
}

/** ntfy's decoding of a header value: RFC 2047 `=?UTF-8?B?…?=` words, else the value as is. */
export function decodeHeader(v: string): string {
  return v.replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/gi, (_, b64) =>
    Buffer.from(b64, 'base64').toString('utf8'),
  )
}

const PRIORITIES: Record<string, number> = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 }

export interface FakeNtfy extends Core {
  topicUrl: string
  token: string
  /** Messages ntfy accepted, with the headers decoded. */
  messages: {
    title: string
    message: string
    priority: number
    tags: string[]
    click: string
    actions: string
  }[]
  tooManyRequests(n: number): void
}

export async function startFakeNtfy(opts: { token?: string } = {}): Promise<FakeNtfy> {
  const token = opts.token ?? 'tk_fakentfy0123456789abcdefghij'
  const messages: FakeNtfy['messages'] = []
  let id = 0
  const core = await scriptedServer((path, h, body) => {
    if (token && h.authorization !== `Bearer ${token}`)
      return { status: 401, body: { code: 40101, http: 401, error: 'unauthorized' } }
    const p = (h['x-priority'] ?? h.priority ?? 'default').trim().toLowerCase()
    const priority = /^[1-5]$/.test(p) ? Number(p) : PRIORITIES[p]
    if (!priority)
      return { status: 400, body: { code: 40007, http: 400, error: 'invalid priority parameter' } }
    const m = {
      title: decodeHeader(h['x-title'] ?? h.title ?? ''),
      message: body,
      priority,
      tags: (h['x-tags'] ?? h.tags ?? '').split(',').filter(Boolean),
      click: h['x-click'] ?? h.click ?? '',
      actions: decodeHeader(h['x-actions'] ?? h.actions ?? ''),
    }
    messages.push(m)
    const topic = path.slice(1)
    return {
      status: 200,
      body: { id: `ntfy${++id}`, time: 1, expires: 2, event: 'message', topic, ...m },
    }
  })
  return {
    ...core,
    topicUrl: `${core.url}/felhom-ops`,
    token,
    messages,
    tooManyRequests(n) {
      // ntfy sends no Retry-After.
      core.script(n, {
        status: 429,
        body: { code: 42901, http: 429, error: 'limit reached: too many requests' },
      })
    },
  }
}

export interface FakeTelegram extends Core {
  botToken: string
  messages: { chat_id: string; text: string; parse_mode?: string; reply_markup?: any }[]
  floodWait(n: number, retryAfterSeconds: number): void
}

export async function startFakeTelegram(opts: { botToken?: string } = {}): Promise<FakeTelegram> {
  const botToken = opts.botToken ?? '123456789:AAFakeTelegramBotToken_0123456789abc'
  const messages: FakeTelegram['messages'] = []
  let id = 0
  const core = await scriptedServer((path, _h, body) => {
    if (path !== `/bot${botToken}/sendMessage`)
      return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } }
    const m = JSON.parse(body)
    if (!m.chat_id || typeof m.text !== 'string' || m.text.length < 1 || m.text.length > 4096)
      return {
        status: 400,
        body: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' },
      }
    messages.push(m)
    return {
      status: 200,
      body: { ok: true, result: { message_id: ++id, chat: { id: m.chat_id }, date: 1, text: m.text } },
    }
  })
  return {
    ...core,
    botToken,
    messages,
    floodWait(n, retryAfter) {
      core.script(n, {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${retryAfter}`,
          parameters: { retry_after: retryAfter },
        },
      })
    },
  }
}

export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

export interface FakeWebhook extends Core {
  hookUrl: string
  /** Deliveries whose signature the standardwebhooks library verified, parsed. */
  verified: { id: string; payload: any }[]
  /** Why the library refused a delivery. */
  refused: string[]
}

/**
 * The library checks the timestamp against the real clock (±5 min): tests that sign through this
 * fake run the hub on a clock near the real time.
 */
export async function startFakeWebhook(opts: { secret?: string } = {}): Promise<FakeWebhook> {
  const verifier = new Webhook(opts.secret ?? WEBHOOK_SECRET)
  const verified: FakeWebhook['verified'] = []
  const refused: string[] = []
  const core = await scriptedServer((_path, h, body) => {
    try {
      const payload = verifier.verify(body, h)
      verified.push({ id: h['webhook-id'], payload })
      return { status: 204, body: '' }
    } catch (err) {
      refused.push((err as Error).message)
      return { status: 400, body: { error: (err as Error).message } }
    }
  })
  return { ...core, hookUrl: `${core.url}/hook`, verified, refused }
}
