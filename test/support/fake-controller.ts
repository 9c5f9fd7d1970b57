// A fake felhom-controller: a real HTTP server on 127.0.0.1 speaking the controller side of
// docs/api.md §5, so the hub's client (and the dashboard's push/pull/diff/update actions) are tested
// over real sockets.
//
//   const ctl = await startFakeController({ apiKey: creds.api_key })
//   ctl.url                         // 'http://127.0.0.1:PORT' — pin it as the customer's controller URL
//   ctl.setMode('apply', { status: 422, message: 'backup.schedule: bad time' })
//   ctl.requests                    // every request received: { method, path, headers, body }
//   ctl.liveConfig = '…yaml…'       // what GET /api/config answers; a successful apply replaces it
//   ctl.updates                     // versions asked for by successful POST /api/update
//   await ctl.close()               // also drops hanging connections
//
// Routes: 'config' = GET /api/config, 'apply' = POST /api/config/apply, 'update' = POST /api/update.
// Modes:  'ok' (default) answers as a controller would: 200 YAML, 200 {"ok":true} (400 for YAML
//         that does not parse), 202 {"ok":true};
//         'unauthorized' answers 401 whatever the key; 'redirect' answers 302 to /redirected on
//         this server (so a followed redirect shows up in `requests`); 'hang' never answers;
//         { status, code?, message? } answers that status with {"error":{"code","message"}}.
// A wrong or missing Bearer key always gets 401, as a real controller does.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseDocument } from 'yaml'
import { fixtureTemplate } from './fixtures.js'

export type FakeRoute = 'config' | 'apply' | 'update'
export type FakeMode =
  'ok' | 'unauthorized' | 'redirect' | 'hang' | { status: number; code?: string; message?: string }

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
}

export interface FakeController {
  url: string
  requests: RecordedRequest[]
  updates: string[]
  liveConfig: string
  setMode(route: FakeRoute, mode: FakeMode): void
  close(): Promise<void>
}

export const FAKE_CONTROLLER_KEY = 'fake-controller-api-key-0123456789'

const ROUTES: Record<string, { method: string; route: FakeRoute }> = {
  '/api/config': { method: 'GET', route: 'config' },
  '/api/config/apply': { method: 'POST', route: 'apply' },
  '/api/update': { method: 'POST', route: 'update' },
}

export async function startFakeController(
  opts: { apiKey?: string; liveConfig?: string } = {},
): Promise<FakeController> {
  const apiKey = opts.apiKey ?? FAKE_CONTROLLER_KEY
  const modes: Record<FakeRoute, FakeMode> = { config: 'ok', apply: 'ok', update: 'ok' }
  const state = { liveConfig: opts.liveConfig ?? fixtureTemplate() }
  const requests: RecordedRequest[] = []
  const updates: string[] = []

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method ?? '', path, headers: req.headers, body })
      const send = (status: number, payload: unknown, type = 'application/json') => {
        res.writeHead(status, { 'Content-Type': type })
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload))
      }
      const error = (status: number, code: string, message: string) =>
        send(status, { error: { code, message } })

      const known = ROUTES[path]
      if (!known) return error(404, 'not_found', `no route ${path}`)
      if (req.method !== known.method) return error(405, 'method_not_allowed', `use ${known.method}`)
      const mode = modes[known.route]
      if (mode === 'hang') return // keep the socket open and say nothing
      if (mode === 'redirect') {
        res.writeHead(302, { Location: `http://127.0.0.1:${port}/redirected` })
        return res.end()
      }
      if (mode === 'unauthorized' || req.headers.authorization !== `Bearer ${apiKey}`) {
        return error(401, 'unauthorized', 'invalid API key')
      }
      if (typeof mode === 'object')
        return error(mode.status, mode.code ?? 'error', mode.message ?? `fake error ${mode.status}`)

      if (known.route === 'config') return send(200, state.liveConfig, 'application/yaml')
      if (known.route === 'apply') {
        const doc = parseDocument(body)
        if (doc.errors.length > 0)
          return error(400, 'invalid_config', `config is not valid YAML: ${doc.errors[0].message}`)
        state.liveConfig = body
        return send(200, { ok: true })
      }
      let version: unknown
      try {
        version = JSON.parse(body).version
      } catch {
        return error(400, 'invalid_json', 'body is not JSON')
      }
      if (typeof version !== 'string' || version === '')
        return error(400, 'validation_failed', 'version is required')
      updates.push(version)
      return send(202, { ok: true, version })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    updates,
    get liveConfig() {
      return state.liveConfig
    },
    set liveConfig(v: string) {
      state.liveConfig = v
    },
    setMode(route, mode) {
      modes[route] = mode
    },
    close() {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
