// GET /rollouts (the list), GET /rollouts/:id (one rollout, each node's timeline) and the
// operator's actions on it: POST /rollouts/:id/resume | abort | skip (customer_id).
import { h } from 'preact'
import type { Env } from '../../lib/core/env.js'
import { CUSTOMER_ID } from '../../lib/core/validate.js'
import { abort, resume, skipNode, type ActionResult } from '../../lib/rollouts/operator.js'
import { listCustomers } from '../../lib/store/customers.js'
import {
  getRollout,
  listRollouts,
  nodeCounts,
  nodesOf,
  rolloutLog,
  wavesOf,
  type RolloutLogEntry,
} from '../../lib/store/rollouts.js'
import { RolloutPage } from '../../pages/rollout.js'
import { RolloutsPage } from '../../pages/rollouts.js'
import {
  layoutProps,
  notFoundPage,
  page,
  redirectWithFlash,
  type DashHandler,
  type DashRequest,
} from './context.js'

export const getRolloutsPage: DashHandler = async (req, env) => {
  const rollouts = await listRollouts(env.db)
  const counts = await nodeCounts(
    env.db,
    rollouts.map((r) => r.id),
  )
  const rows = rollouts.map((rollout) => ({ rollout, counts: counts.get(rollout.id) ?? {} }))
  const now = env.clock.now().getTime()
  return page(req, h(RolloutsPage, { ...layoutProps(req), now, rows }))
}

/** The :id segment as a rollout id, or null. */
function rolloutIdParam(req: DashRequest): number | null {
  const raw = String(req.params?.id ?? '')
  return /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null
}

export const getRolloutPage: DashHandler = async (req, env) => {
  const id = rolloutIdParam(req)
  const rollout = id ? await getRollout(env.db, id) : null
  if (!id || !rollout) return notFoundPage(req, `Rollout ${req.params?.id ?? ''}`)
  const [waves, nodes, log, customers] = await Promise.all([
    wavesOf(env.db, id),
    nodesOf(env.db, id),
    rolloutLog(env.db, id),
    listCustomers(env.db),
  ])
  const names = new Map(customers.map((c) => [c.customerId, c.displayName || c.hostname || c.customerId]))
  const byNode = new Map<string, RolloutLogEntry[]>()
  for (const e of log) if (e.customerId) byNode.set(e.customerId, [...(byNode.get(e.customerId) ?? []), e])
  const props = {
    ...layoutProps(req),
    now: env.clock.now().getTime(),
    rollout,
    waves: waves.map((wave) => ({
      wave,
      rows: nodes
        .filter((n) => n.wave === wave.wave)
        .map((node) => ({
          node,
          name: names.get(node.customerId) ?? node.customerId,
          timeline: byNode.get(node.customerId) ?? [],
        })),
    })),
    log: log.filter((e) => e.customerId === null),
  }
  return page(req, h(RolloutPage, props))
}

/** Resolves :id, runs the action and answers with its words on the rollout page. */
function rolloutAction(
  name: string,
  act: (req: DashRequest, env: Env, id: number) => Promise<ActionResult>,
): DashHandler {
  const handler: DashHandler = async (req, env) => {
    const id = rolloutIdParam(req)
    if (!id || !(await getRollout(env.db, id))) {
      const text = `Rollout ${req.params?.id ?? ''} does not exist.`
      return redirectWithFlash(req, '/rollouts', { kind: 'error', text })
    }
    const r = await act(req, env, id)
    env.log.info(`rollout action ${name}`, { request_id: req.requestId, rollout_id: id, ok: r.ok })
    return redirectWithFlash(req, `/rollouts/${id}`, { kind: r.ok ? 'ok' : 'error', text: r.text })
  }
  Object.defineProperty(handler, 'name', { value: name })
  return handler
}

export const postResumeRollout = rolloutAction('postResumeRollout', (_req, env, id) => resume(env, id))

export const postAbortRollout = rolloutAction('postAbortRollout', (_req, env, id) => abort(env, id))

export const postSkipRolloutNode = rolloutAction('postSkipRolloutNode', async (req, env, id) => {
  const customerId = (req.form.get('customer_id') ?? '').trim()
  if (!CUSTOMER_ID.test(customerId))
    return { ok: false, text: 'Which node? The form named no valid customer.' }
  return skipNode(env, id, customerId)
})
