import type { IRequest } from 'itty-router'
import type { ApiAuth } from '../lib/auth/api-key.js'
import type { Env } from '../lib/env.js'

/** The request as handlers see it: itty's params and query, plus what middleware attached. */
export type HubRequest = IRequest & {
  requestId: string
  startedAt: number
  auth?: ApiAuth
}

export type Handler = (
  req: HubRequest,
  env: Env,
) => Response | Promise<Response> | undefined | Promise<undefined>
