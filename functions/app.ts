// The router's frame: request ids, body limits, error rendering, 404/405, access logs. Routes
// live in routes.ts.
import { AutoRouter } from 'itty-router'
import type { Env } from '../lib/env.js'
import { HttpError, methodNotAllowed, notFound } from '../lib/errors.js'
import { errorResponse, json, refuseBody } from '../lib/http.js'
import { errorFields } from '../lib/log.js'
import { randomToken } from '../lib/crypto.js'
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

export { json }
