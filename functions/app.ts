// The router's frame: request ids, body limits, error rendering, 404/405, access logs, and the
// guard in front of it all that the entries serve. Routes live in routes.ts.
import { AutoRouter } from 'itty-router'
import type { Env } from '../lib/core/env.js'
import { HttpError, badRequest, methodNotAllowed, notFound } from '../lib/core/errors.js'
import { errorResponse, refuseBody } from '../lib/core/http.js'
import { errorFields } from '../lib/core/log.js'
import { randomToken } from '../lib/core/crypto.js'
import { recordAudited } from './audit.js'
import { setPeer, type ClientRequest } from '../lib/auth/forwarded.js'
import type { HubRequest } from './types.js'

export interface RouterOptions {
  /** The body limit of the route a path leads to. */
  bodyLimit(path: string): number
}

export type HubRouter = ReturnType<typeof createRouter>

export function createRouter(opts: RouterOptions) {
  const router = AutoRouter<HubRequest, [Env]>({
    before: [
      function stampRequest(req) {
        const given = req.headers.get('x-request-id')
        req.requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : randomToken(9)
        req.startedAt = Date.now()
      },
      // Every route's limit is known before any handler runs: a body refused by its headers is
      // refused here, unread, whatever the route would have done first (authorize, redirect).
      function guardBody(req) {
        req.bodyLimit = opts.bodyLimit(new URL(req.url).pathname)
        if (!req.body) return
        const refusal = refuseBody(req.headers, req.bodyLimit)
        if (refusal) throw refusal
      },
    ],
    missing: (req) => {
      const path = new URL(req.url).pathname
      const allow = router.routes.filter(([, re]) => re.test(path)).map(([m]) => m)
      if (allow.includes('GET')) allow.push('HEAD')
      return errorResponse(allow.length > 0 ? methodNotAllowed([...new Set(allow)]) : notFound('route'))
    },
    catch: function renderError(err, req, env) {
      if (err instanceof HttpError) return errorResponse(err)
      env.log.error('unhandled error', {
        request_id: req.requestId,
        method: req.method,
        path: new URL(req.url).pathname,
        ...errorFields(err),
      })
      return errorResponse(new HttpError(500, 'internal', `internal error (request ${req.requestId})`))
    },
    finally: [
      // After every answer, error answers included: an audited request gets its row.
      recordAudited,
      function accessLog(res: Response, req, env) {
        res = ensureMutable(res)
        res.headers.set('X-Request-Id', req.requestId)
        const path = new URL(req.url).pathname
        const ms = Date.now() - req.startedAt
        env.metrics.observe('http_request_duration_seconds', ms / 1000, {
          method: req.method,
          route: req.route ?? 'unmatched',
          status: String(res.status),
        })
        if (res.status >= 500)
          env.log.warn('request failed', {
            request_id: req.requestId,
            method: req.method,
            path,
            status: res.status,
            ms,
          })
        else
          env.log.debug('request', {
            request_id: req.requestId,
            method: req.method,
            path,
            status: res.status,
            ms,
          })
        return res
      },
    ],
  })
  return router
}

/** What an entry knows of the request line beyond the Request (Node: the raw target, the version). */
export interface RequestLine {
  target: string
  httpVersion: string
  /** How many Host header lines came (the Request keeps only one of them). */
  hostLines?: number
}

// RFC 3986 host (IP literal or reg-name, percent-encoding allowed) and an optional port: nothing
// that would move into the URL's path, query, fragment or userinfo once joined with the target.
const HOST = /^(\[[0-9A-Fa-f:.]+\]|([\w.~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*)(:\d*)?$/

/** Why a request cannot be served as sent, or null. */
function requestLineProblem(request: Request, line?: RequestLine): string | null {
  const host = request.headers.get('host')
  if (host === null && line?.httpVersion === '1.1') return 'an HTTP/1.1 request needs a Host header'
  if ((line?.hostLines ?? 0) > 1) return 'more than one Host header'
  if (host !== null && !HOST.test(host)) return 'malformed Host header'
  if (line && !line.target.startsWith('/')) return 'the request target must be a path'
  if (!URL.canParse(request.url)) return 'malformed request target or Host header'
  return null
}

/**
 * The entries' fetch handler: the router behind a check of the request line. itty builds
 * `new URL(req.url)` before its catch stage, so a Host or target that makes no URL would escape
 * it as the adapter's plain-text stack trace; here every request, however malformed, is answered
 * by the one error renderer, and nothing thrown leaves without the error shape.
 */
export function serveRouter(router: HubRouter) {
  return async function serve(request: Request, env: Env, line?: RequestLine): Promise<Response> {
    const problem = requestLineProblem(request, line)
    if (problem) return errorResponse(badRequest(problem))
    try {
      if (request.method !== 'HEAD') return await router.fetch(request, env)
      // HEAD is GET without the body (RFC 9110 §9.3.2): an uptime probe's `curl -I /healthz`.
      const get = new Request(request.url, {
        method: 'GET',
        headers: request.headers,
        signal: request.signal,
      })
      setPeer(get, (request as ClientRequest).peer)
      const res = await router.fetch(get as HubRequest, env)
      await res.body?.cancel()
      return new Response(null, { status: res.status, headers: res.headers })
    } catch (err) {
      env.log.error('unhandled error outside the router', { method: request.method, ...errorFields(err) })
      return errorResponse(new HttpError(500, 'internal', 'internal error'))
    }
  }
}

/** Responses from fetch() have immutable headers; copy those before stamping them. */
function ensureMutable(res: Response): Response {
  try {
    res.headers.set('X-Hub', '1')
    res.headers.delete('X-Hub')
    return res
  } catch {
    return new Response(res.body, res)
  }
}

/**
 * Handlers of a module imported on first use: `lazily(() => import('./x.js'))('getX')` is a
 * handler that imports the module (once: the runtime keeps it) and calls its `getX`. A name the
 * module does not export is a type error.
 */
export function lazily<M>(load: () => Promise<M>) {
  return function handler<K extends keyof M>(name: K) {
    return async function lazyHandler(req: HubRequest, env: Env): Promise<Response | undefined> {
      const fn = (await load())[name] as unknown as (
        req: HubRequest,
        env: Env,
      ) => Promise<Response | undefined>
      return fn(req, env)
    }
  }
}
