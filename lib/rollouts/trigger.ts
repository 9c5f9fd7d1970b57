// Asking one node of a rollout to update: claim, call, record. The claim is what makes "never
// twice" hold across crashes, restarts and concurrent runs (a tick and a CronJob, two replicas).
//
// 1. Claim: a compare-and-set moves the node waiting → triggering (attempts + 1), only while the
//    rollout is running, and commits BEFORE any byte goes to the controller. Only the run whose
//    claim landed calls; every other run sees the node already claimed and leaves it alone.
// 2. Call: `POST /api/update {"version"}` through the controller client (address rules, no
//    redirects, 10 s deadline).
// 3. Record what became of it: accepted (202) → sent; the controller said no (4xx, 5xx, a
//    redirect) or the request certainly never left (no URL, refused address, connection refused)
//    → failed, which halts the rollout; no answer (a timeout after connecting, a broken
//    connection) → sent, marked ambiguous: the controller may be updating, so it is never sent again
//    automatically and the node passes or fails by what it reports.
//
// The crash windows, and why none of them sends twice:
// - Before the claim commits: the node is still waiting, nothing was sent; the next run claims it.
// - After the claim, before or during the call, before the answer is recorded: the node stays
//   `triggering`. No run claims it again (a claim needs `waiting`). The engine treats it exactly
//   like `sent` (it passes if it reports the new version, fails at its deadline), and after
//   STALE_CLAIM_MS relabels it sent, "the hub stopped during the call". Whether the request left
//   is unknown, so it counts as sent.
// - After the answer is recorded: nothing is left to do for this node.
// - A resume puts back to waiting only nodes whose request certainly was not accepted (refused or
//   never sent: `sent_at` is empty); a node that may have received it is waited for again, not
//   re-sent. Re-sending that one is the operator's own act (the customer page's update button).
import type { Env } from '../core/env.js'
import { deliveryOf, requestUpdate } from '../controller/client.js'
import { readSecrets, type Customer } from '../store/customers.js'
import { moveNode, type Rollout, type RolloutNode } from '../store/rollouts.js'

/** A `triggering` claim older than this belongs to a run that died mid-call. */
export const STALE_CLAIM_MS = 5 * 60_000

export type TriggerOutcome =
  { kind: 'lost' } | { kind: 'sent'; ambiguous: boolean } | { kind: 'failed'; reason: string }

export async function triggerNode(
  env: Env,
  r: Rollout,
  n: RolloutNode,
  c: Customer,
): Promise<TriggerOutcome> {
  const now = () => env.clock.now().getTime()
  const key = { rolloutId: r.id, customerId: n.customerId }
  // 1. Claim.
  const claimedAt = now()
  const claimed = await moveNode(
    env.db,
    {
      ...key,
      from: ['waiting'],
      to: 'triggering',
      set: { claimed_at: claimedAt, deadline_at: claimedAt + r.deadlineMs, sent_at: null, note: null },
      countAttempt: true,
      whileRunning: true,
    },
    claimedAt,
    { kind: 'claimed', message: `Asking it to update from ${n.fromVersion ?? '?'} to ${r.version}.` },
  )
  if (!claimed) return { kind: 'lost' }

  // 2. Call.
  const secrets = await readSecrets(env.db, env.secrets, n.customerId)
  const result = secrets
    ? await requestUpdate(env, c, secrets.api_key, r.version)
    : ({ ok: false, reason: 'no_url', message: 'No API key is stored for it.', notSent: true } as const)

  // 3. Record.
  const delivery = deliveryOf(result)
  const at = now()
  if (delivery === 'accepted' || delivery === 'unknown') {
    const ambiguous = delivery === 'unknown'
    const note = ambiguous
      ? `No clear answer (${result.ok ? '' : result.message}); counted as sent and never sent again automatically.`
      : 'Accepted (202): updating.'
    const landed = await moveNode(
      env.db,
      { ...key, from: ['triggering'], to: 'sent', set: { sent_at: at, note } },
      at,
      { kind: ambiguous ? 'ambiguous' : 'sent', message: note },
    )
    // Not landed: the operator skipped it meanwhile; the skip stands.
    return landed ? { kind: 'sent', ambiguous } : { kind: 'lost' }
  }
  const reason = result.ok ? 'unexpected answer' : result.message
  // The client's words already say who refused ("The controller rejected the update request: …").
  const note = delivery === 'refused' ? reason : `Not sent: ${reason}`
  const landed = await moveNode(
    env.db,
    { ...key, from: ['triggering'], to: 'failed', set: { failed_at: at, note } },
    at,
    { kind: 'refused', message: note },
  )
  return landed ? { kind: 'failed', reason: `${n.customerId}: ${note}` } : { kind: 'lost' }
}
