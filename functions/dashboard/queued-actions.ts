// POST /customers/:id/queue-action (action: push-config | trigger-update) and
// POST /customers/:id/cancel-queued-action (action_id): the queue of controller actions for a node
// that could not be reached (lib/queued-actions/). The customer page shows the queue, attempts
// included; the offer to queue follows a failed push or update.
import type { Env } from '../../lib/core/env.js'
import { latestKnownVersion } from '../../lib/controller/registry.js'
import { queueAction } from '../../lib/queued-actions/queue.js'
import { QUEUE_EXPIRY_MS } from '../../lib/queued-actions/run.js'
import type { Customer } from '../../lib/store/customers.js'
import { cancelAction, type QueuedActionKind } from '../../lib/store/queued-actions.js'
import { customerAction } from './actions.js'
import { redirectWithFlash, type DashRequest } from './context.js'

const KINDS: Record<QueuedActionKind, string> = { 'push-config': 'config push', 'trigger-update': 'update' }
const isKind = (v: string | null): v is QueuedActionKind => v === 'push-config' || v === 'trigger-update'

async function queue(req: DashRequest, env: Env, c: Customer): Promise<Response> {
  const home = `/customers/${c.customerId}`
  const reply = (kind: 'ok' | 'error', text: string) => redirectWithFlash(req, home, { kind, text })
  const action = req.form.get('action')
  if (!isKind(action)) return reply('error', 'Nothing queued: the form named no action to queue.')
  if (c.configType !== 'managed')
    return reply('error', `Nothing queued: ${c.customerId} has no managed config.`)
  let version: string | null = null
  if (action === 'trigger-update') {
    version = (await latestKnownVersion(env))?.version ?? null
    if (!version) return reply('error', 'Nothing queued: no controller release is known yet.')
  }
  const r = await queueAction(env, c.customerId, action, version)
  if (!r.ok) return reply('error', `A ${KINDS[action]} is already queued for ${c.customerId}.`)
  env.log.info('controller action queued', { request_id: req.requestId, customer_id: c.customerId, action })
  const days = QUEUE_EXPIRY_MS / 86_400_000
  return reply(
    'ok',
    `The ${KINDS[action]}${version ? ` to ${version}` : ''} is queued: the hub tries again when ${c.customerId} next reports, and every few minutes, for ${days} days.`,
  )
}

export const postQueueAction = customerAction('postQueueAction', queue)

export const postCancelQueuedAction = customerAction('postCancelQueuedAction', async (req, env, c) => {
  const raw = req.form.get('action_id') ?? ''
  const id = /^[1-9]\d{0,12}$/.test(raw) ? Number(raw) : null
  const done = id !== null && (await cancelAction(env.db, c.customerId, id, env.clock.now().getTime()))
  if (done)
    env.log.info('queued action cancelled', { request_id: req.requestId, customer_id: c.customerId, id })
  return redirectWithFlash(req, `/customers/${c.customerId}`, {
    kind: done ? 'ok' : 'error',
    text: done
      ? 'The queued action is cancelled.'
      : 'Nothing cancelled: that action is no longer waiting (it ran, expired or was cancelled).',
  })
})
