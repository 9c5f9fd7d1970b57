import type { IRequest } from 'itty-router'
import type { AuditMark } from '../lib/audit/actions.js'
import type { ApiAuth } from '../lib/auth/api-key.js'
import type { Client } from '../lib/auth/forwarded.js'
import type { Env } from '../lib/core/env.js'

/** The request as handlers see it: itty's params and query, plus what middleware attached. */
export type HubRequest = IRequest & {
  requestId: string
  startedAt: number
  /** The TCP peer's address, set by the runtime entry (absent in direct calls). */
  peer?: string
  /** Who the client is and whether it used TLS, resolved from the peer on first use. */
  client?: Client
  /** The most body bytes this request's route reads (docs/api.md §1), set before any handler runs. */
  bodyLimit: number
  auth?: ApiAuth
  /** The operator action this request is, for the audit log (functions/audit.ts). */
  audit?: AuditMark
}

export type Handler = (
  req: HubRequest,
  env: Env,
) => Response | Promise<Response> | undefined | Promise<undefined>
