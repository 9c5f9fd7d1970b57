// A rollout's halt and completion as fleet-wide hub events (customer_id null: the operator alone,
// on every channel the notification pipeline has). The move that halts or completes a rollout
// also sets `pending_event`; this records the event (once: the dedupe key names the rollout and
// the halt's number) and clears the mark, so a crash in between only delays the event a minute.
import type { Env } from '../core/env.js'
import { recordHubEvent } from '../events/record.js'
import { HUB_EVENT_SEVERITY } from '../events/types.js'
import { clearPendingEvent, nodeCounts, rolloutsWithPendingEvent, type Rollout } from '../store/rollouts.js'

export const rolloutPath = (id: number) => `/rollouts/${id}`

export async function recordPendingEvents(env: Env): Promise<number> {
  let recorded = 0
  for (const r of await rolloutsWithPendingEvent(env.db)) {
    const event = r.pendingEvent!
    const url = `${env.config.server.public_url.replace(/\/+$/, '')}${rolloutPath(r.id)}`
    const counts = (await nodeCounts(env.db, [r.id])).get(r.id) ?? {}
    const details = { rollout_id: r.id, version: r.version, url, nodes: counts }
    const stored = await recordHubEvent(env, {
      customerId: null,
      eventType: event,
      severity: HUB_EVENT_SEVERITY[event],
      message: message(r, counts.passed ?? 0, counts.skipped ?? 0, url),
      details: event === 'rollout_halted' ? { ...details, reason: r.haltReason } : details,
      dedupeKey:
        event === 'rollout_halted' ? `rollout_halted:${r.id}:${r.halts}` : `rollout_completed:${r.id}`,
    })
    if (stored) recorded++
    await clearPendingEvent(env.db, r.id, event)
  }
  return recorded
}

function message(r: Rollout, passed: number, skipped: number, url: string): string {
  if (r.pendingEvent === 'rollout_halted')
    return `Rollout #${r.id} to ${r.version} halted. ${r.haltReason ?? ''} Resume, skip the node or abort: ${url}`
  return `Rollout #${r.id} to ${r.version} completed: ${passed} nodes updated, ${skipped} skipped.`
}
