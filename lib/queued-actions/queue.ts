// Putting an action in the queue (lib/queued-actions/run.ts retries it). Only what an unreachable
// node causes is worth queueing: a timeout, no connection, a 5xx (a tunnel answering for a node
// that is off). A 4xx is the controller's answer and stays the operator's to fix.
import type { Env } from '../core/env.js'
import type { ControllerResult } from '../controller/client.js'
import { enqueueAction, type QueuedActionKind } from '../store/queued-actions.js'
import { QUEUE_EXPIRY_MS } from './run.js'

export function queueable(r: ControllerResult<unknown>): boolean {
  if (r.ok) return false
  if (r.reason === 'timeout' || r.reason === 'unreachable') return true
  return r.reason === 'rejected' && (r.status ?? 0) >= 500
}

export type QueueResult = { ok: true; id: number; expiresAt: number } | { ok: false }

/** Queues the action; `ok: false` when the same action is already queued for the customer. */
export async function queueAction(
  env: Env,
  customerId: string,
  action: QueuedActionKind,
  version: string | null,
): Promise<QueueResult> {
  const now = env.clock.now().getTime()
  const expiresAt = now + QUEUE_EXPIRY_MS
  const note = action === 'push-config' ? 'Waiting to push the config.' : `Waiting to ask for ${version}.`
  const id = await enqueueAction(env.db, { customerId, action, version, expiresAt, note }, now)
  return id === null ? { ok: false } : { ok: true, id, expiresAt }
}
