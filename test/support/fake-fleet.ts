// A fleet of fake felhom-controllers on 127.0.0.1: one HTTP server, one base URL per node
// (`http://127.0.0.1:PORT/n/<customer id>`), each speaking the controller side of spec §5 with its
// own API key, version, live config and behaviour. An "update" is what a real controller does:
// it answers 202, then comes back by POSTing a report with the new controller_version through
// the hub's real report route (`send`: in-process router or the hub process's URL).
//
//   const fleet = await startFakeFleet({ send: (body) => sendReportTo(env, body) })
//   fleet.add({ customerId, apiKey, version: '1.8.0', behaviour: 'ok' })
//   await fleet.reportAll()          // every node reports (so the hub knows its URL and version)
//   await fleet.comeBack()           // nodes that accepted an update report the new version now
//   fleet.node(id).updates           // every POST /api/update it received, whatever it answered
//
// Behaviours on POST /api/update:
//   'ok'        202, then comes back on the new version with health ok
//   'unhealthy' 202, then comes back on the new version with health fail
//   'vanish'    202, then never reports again
//   'refuse'    409 {"error":…} (a 4xx: the controller says no)
//   'hang'      never answers (nor does it answer anything else)
//   'gate'      answers 202 only when `release(id)` is called (to kill a hub mid-call)
// `autoReport: true` makes a node come back right after its 202 instead of on comeBack().
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseDocument } from 'yaml'
import { fixtureTemplate, reportFor } from './fixtures.js'

export type Behaviour = 'ok' | 'unhealthy' | 'vanish' | 'refuse' | 'hang' | 'gate'

export interface FleetNode {
  customerId: string
  apiKey: string
  url: string
  version: string
  health: 'ok' | 'warn' | 'fail'
  behaviour: Behaviour
  /** Versions asked for by every POST /api/update received. */
  updates: string[]
  /** Paths of every request received, in order. */
  requests: { method: string; path: string }[]
  liveConfig: string
  /** Accepted and not reported yet. */
  pendingVersion: string | null
  /** 'vanish' after its update: it no longer reports. */
  silent: boolean
}

export interface FakeFleet {
  url: string
  node(customerId: string): FleetNode
  nodes(): FleetNode[]
  add(n: {
    customerId: string
    apiKey: string
    version: string
    behaviour?: Behaviour
    liveConfig?: string
  }): FleetNode
  /** Sends one report for the node as it stands (version, health, its URL). */
  report(customerId: string, patch?: Record<string, unknown>): Promise<void>
  /** Every node that still reports sends one report. */
  reportAll(): Promise<void>
  /** Nodes holding an accepted update report the new version (with health per behaviour). */
  comeBack(): Promise<string[]>
  /** Answers a gated update request (202), as if the controller had been slow. */
  release(customerId: string): void
  /** Resolves when the node has received an update request. */
  updateReceived(customerId: string): Promise<void>
  /** Most requests in flight at once (answers are a little delayed, so calls overlap). */
  maxInFlight: number
  /** Where reports go; can change (a restarted hub listens elsewhere). */
  send: (body: Record<string, unknown>) => Promise<void>
  close(): Promise<void>
}

export async function startFakeFleet(opts: {
  send: (body: Record<string, unknown>) => Promise<void>
  autoReport?: boolean
  /** Delay before each answer, so concurrent calls overlap (default 5 ms). */
  answerDelayMs?: number
}): Promise<FakeFleet> {
  const nodes = new Map<string, FleetNode>()
  const gates = new Map<string, () => void>()
  const waiters = new Map<string, (() => void)[]>()
  let inFlight = 0
  const delay = opts.answerDelayMs ?? 5

  const server = createServer((req, res) => {
    inFlight++
    fleet.maxInFlight = Math.max(fleet.maxInFlight, inFlight)
    const done = () => inFlight--
    res.on('close', done)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => setTimeout(() => handle(req, res, Buffer.concat(chunks).toString('utf8')), delay))
  })

  function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const send = (status: number, payload: unknown, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type })
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload))
    }
    const error = (status: number, code: string, message: string) =>
      send(status, { error: { code, message } })
    const m = /^\/n\/([a-z0-9-]+)(\/api\/.*)$/.exec((req.url ?? '/').split('?')[0])
    const n = m ? nodes.get(m[1]) : undefined
    if (!m || !n) return error(404, 'not_found', 'no such node')
    const path = m[2]
    n.requests.push({ method: req.method ?? '', path })
    if (req.headers.authorization !== `Bearer ${n.apiKey}`)
      return error(401, 'unauthorized', 'invalid API key')
    if (n.behaviour === 'hang' && path !== '/api/update') return // a node that never answers anything
    if (path === '/api/config' && req.method === 'GET') return send(200, n.liveConfig, 'application/yaml')
    if (path === '/api/config/apply' && req.method === 'POST') {
      if (parseDocument(body).errors.length > 0) return error(400, 'invalid_config', 'not YAML')
      n.liveConfig = body
      return send(200, { ok: true })
    }
    if (path !== '/api/update' || req.method !== 'POST') return error(404, 'not_found', `no route ${path}`)
    let version = ''
    try {
      version = String(JSON.parse(body).version ?? '')
    } catch {
      return error(400, 'invalid_json', 'body is not JSON')
    }
    n.updates.push(version)
    for (const w of waiters.get(n.customerId) ?? []) w()
    waiters.delete(n.customerId)
    if (n.behaviour === 'refuse') return error(409, 'update_in_progress', 'an update is already running')
    if (n.behaviour === 'hang') return
    const accept = () => {
      n.pendingVersion = version
      // A gated answer may go to a hub that was killed meanwhile: nobody reads it then.
      if (!res.destroyed) send(202, { ok: true, version })
      if (opts.autoReport) void fleet.comeBack().catch(() => {})
    }
    if (n.behaviour === 'gate') gates.set(n.customerId, accept)
    else accept()
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const fleet: FakeFleet = {
    url: base,
    maxInFlight: 0,
    send: opts.send,
    node(id) {
      const n = nodes.get(id)
      if (!n) throw new Error(`no fake node ${id}`)
      return n
    },
    nodes: () => [...nodes.values()],
    add(a) {
      const n: FleetNode = {
        customerId: a.customerId,
        apiKey: a.apiKey,
        url: `${base}/n/${a.customerId}`,
        version: a.version,
        health: 'ok',
        behaviour: a.behaviour ?? 'ok',
        updates: [],
        requests: [],
        liveConfig: a.liveConfig ?? fixtureTemplate(),
        pendingVersion: null,
        silent: false,
      }
      nodes.set(a.customerId, n)
      return n
    },
    async report(id, patch = {}) {
      const n = fleet.node(id)
      await fleet.send(
        reportFor(id, {
          controller_version: n.version,
          controller_url: n.url,
          health: { status: n.health },
          ...patch,
        }),
      )
    },
    async reportAll() {
      for (const n of nodes.values()) if (!n.silent) await fleet.report(n.customerId)
    },
    async comeBack() {
      const back: string[] = []
      for (const n of nodes.values()) {
        if (n.pendingVersion === null) continue
        const version = n.pendingVersion
        n.pendingVersion = null
        if (n.behaviour === 'vanish') {
          n.silent = true
          continue
        }
        n.version = version
        n.health = n.behaviour === 'unhealthy' ? 'fail' : 'ok'
        await fleet.report(n.customerId)
        back.push(n.customerId)
      }
      return back
    },
    release(id) {
      const accept = gates.get(id)
      gates.delete(id)
      accept?.()
    },
    updateReceived(id) {
      if (fleet.node(id).updates.length > 0) return Promise.resolve()
      return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]))
    },
    close() {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return fleet
}
