// Queued controller actions: a push-config or trigger-update the operator could not deliver
// because the node was unreachable, retried when the node next reports (after the report's
// response, env.defer) and from tick with backoff, until it expires (7 days).
//
// Never applied twice: each attempt claims the action (pending → running, with its attempt row)
// in a committed compare-and-set before the controller is called, as rollouts do
// (lib/rollouts/trigger.ts). Then:
// - accepted → done;
// - the controller said no with a 4xx (or a redirect, or refused the key) → failed, final;
// - a 5xx, or the request certainly never left (connection refused, no address) → pending again,
//   next try after a backoff (1, 2, 4 … minutes, at most an hour) or at the next report;
// - no clear answer (a timeout after connecting, a broken connection), or a process that died
//   mid-call (a claim older than STALE_CLAIM_MS) → unconfirmed, final: it may have been applied.
import type { Env } from '../core/env.js'
import { errorFields } from '../core/log.js'
import { mapLimit } from '../core/pool.js'
import { applyConfig, deliveryOf, requestUpdate, type ControllerResult } from '../controller/client.js'
import { versionAtLeast } from '../controller/versions.js'
import { generateControllerYaml } from '../controller-config/generate.js'
import { getCustomer, readSecrets } from '../store/customers.js'
import {
  abandonStaleClaims,
  claimAction,
  dueActions,
  expireActions,
  finishAttempt,
  getAction,
  pendingActionIds,
  type AttemptOutcome,
  type AttemptTrigger,
  type QueuedAction,
  type QueuedState,
} from '../store/queued-actions.js'

export const QUEUE_EXPIRY_MS = 7 * 86_400_000
export const STALE_CLAIM_MS = 5 * 60_000
const MAX_BACKOFF_MS = 3_600_000

/** 1 min after the first failed attempt, doubling, at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** Math.max(0, Math.min(attempts - 1, 12)))
}

type Ending = { to: Exclude<QueuedState, 'running'>; outcome: AttemptOutcome; message: string }

/** One attempt at one action; returns what became of it, or null when another run had it. */
export async function attemptAction(
  env: Env,
  action: QueuedAction,
  trigger: AttemptTrigger,
): Promise<AttemptOutcome | null> {
  const claimedAt = env.clock.now().getTime()
  if (!(await claimAction(env.db, action.id, trigger, claimedAt))) return null
  let ending: Ending
  try {
    ending = await perform(env, action)
  } catch (err) {
    // Thrown before or while calling (the config could not be generated…): the call may have
    // happened, so it is not tried again.
    env.log.error('queued action failed', { action_id: action.id, ...errorFields(err) })
    ending = {
      to: 'unconfirmed',
      outcome: 'unconfirmed',
      message: `Unexpected error: ${(err as Error).message}`,
    }
  }
  const now = env.clock.now().getTime()
  const next = ending.to === 'pending' ? now + backoffMs(action.attempts + 1) : undefined
  await finishAttempt(env.db, action.id, ending.to, ending.outcome, ending.message, now, next)
  env.log.info('queued action attempt', {
    action_id: action.id,
    customer_id: action.customerId,
    action: action.action,
    trigger,
    outcome: ending.outcome,
  })
  return ending.outcome
}

async function perform(env: Env, a: QueuedAction): Promise<Ending> {
  const c = await getCustomer(env.db, a.customerId)
  const secrets = c?.configType === 'managed' ? await readSecrets(env.db, env.secrets, a.customerId) : null
  if (!c || !secrets)
    return { to: 'failed', outcome: 'failed', message: 'The customer has no managed config any more.' }
  let result: ControllerResult<void>
  if (a.action === 'trigger-update') {
    const version = a.version ?? ''
    if (versionAtLeast(c.controllerVersion, version))
      return {
        to: 'done',
        outcome: 'done',
        message: `Already reports ${c.controllerVersion}: nothing to send.`,
      }
    result = await requestUpdate(env, c, secrets.api_key, version)
  } else {
    result = await applyConfig(env, c, secrets.api_key, await generateControllerYaml(env, c, secrets))
  }
  if (result.ok)
    return {
      to: 'done',
      outcome: 'done',
      message: a.action === 'push-config' ? 'Config applied.' : `Update to ${a.version} accepted.`,
    }
  const delivery = deliveryOf(result)
  if (delivery === 'unknown')
    return {
      to: 'unconfirmed',
      outcome: 'unconfirmed',
      message: `${result.message} It may have arrived, so it is not tried again.`,
    }
  if (delivery === 'refused' && (result.status ?? 0) < 500)
    return { to: 'failed', outcome: 'failed', message: result.message }
  return { to: 'pending', outcome: 'retry', message: result.message }
}

/**
 * After a report (env.defer, off the request path): the customer's pending actions, tried now
 * whatever their backoff says, since the node just proved it is up. One indexed lookup when none
 * are pending.
 */
export async function retryAfterReport(env: Env, customerId: string): Promise<void> {
  const ids = await pendingActionIds(env.db, customerId)
  for (const id of ids) {
    const a = await getAction(env.db, id)
    if (a?.state === 'pending') await attemptAction(env, a, 'report')
  }
}

export interface QueueSummary {
  expired: number
  unconfirmed: number
  attempted: number
  done: number
  retrying: number
  failed: number
}

/** From tick: expiry, claims of dead processes, then the actions whose backoff is over. */
export async function retryDue(
  env: Env,
  opts: { limit?: number; concurrency?: number } = {},
): Promise<QueueSummary> {
  const now = env.clock.now().getTime()
  const s: QueueSummary = {
    expired: await expireActions(env.db, now),
    unconfirmed: await abandonStaleClaims(env.db, now - STALE_CLAIM_MS, now),
    attempted: 0,
    done: 0,
    retrying: 0,
    failed: 0,
  }
  const due = await dueActions(env.db, now, opts.limit ?? 50)
  await mapLimit(due, opts.concurrency ?? 8, async (a) => {
    const outcome = await attemptAction(env, a, 'tick')
    if (outcome === null) return
    s.attempted++
    if (outcome === 'done') s.done++
    else if (outcome === 'retry') s.retrying++
    else if (outcome === 'unconfirmed') s.unconfirmed++
    else s.failed++
  })
  return s
}
