// Drift: whether a node's live config (GET /api/config) still says what the hub would push. The
// same value-based diff as the dashboard's Show Diff (key order, comments, quoting and `meta` do
// not count). A transition is a hub event for the operator: config_drift when a node starts
// drifting, config_drift_resolved when it matches again. Customers never hear of it: there is
// nothing for a household to do (lib/events/types.ts OPERATOR_ONLY_EVENT_TYPES).
import type { Env } from '../core/env.js'
import { controllerBaseUrl, fetchLiveConfig } from '../controller/client.js'
import { recordHubEvent } from '../events/record.js'
import { HUB_EVENT_SEVERITY } from '../events/types.js'
import type { Customer } from '../store/customers.js'
import { readSecrets } from '../store/customers.js'
import { revertDrift, storeDriftCheck } from '../store/config-drift.js'
import { diffConfigs } from './diff.js'
import { customerValues, mergeYaml } from './generate.js'

export type DriftOutcome =
  | { kind: 'match' | 'drift'; differingKeys: number; event: 'config_drift' | 'config_drift_resolved' | null }
  | { kind: 'unreachable'; message: string }

/** Fetches the live config, compares it with the one generated from `template`, stores the result. */
export async function checkDrift(
  env: Env,
  c: Customer,
  template: string,
  opts: { timeoutMs: number },
): Promise<DriftOutcome> {
  const secrets = await readSecrets(env.db, env.secrets, c.customerId)
  if (!secrets) return { kind: 'unreachable', message: 'no API key stored' }
  const live = await fetchLiveConfig(env, c, secrets.api_key, { timeoutMs: opts.timeoutMs })
  if (!live.ok) return { kind: 'unreachable', message: live.message }
  let differingKeys: number
  try {
    differingKeys = diffConfigs(mergeYaml(template, customerValues(env, c, secrets)), live.value).length
  } catch (err) {
    return { kind: 'unreachable', message: (err as Error).message }
  }
  const kind = differingKeys > 0 ? 'drift' : 'match'
  const now = env.clock.now().getTime()
  const moved = await storeDriftCheck(env.db, c.customerId, kind, differingKeys, now)
  if (!moved) return { kind, differingKeys, event: null }
  const eventType = kind === 'drift' ? 'config_drift' : 'config_drift_resolved'
  const name = c.displayName || c.customerId
  const url = `${env.config.server.public_url.replace(/\/+$/, '')}/customers/${c.customerId}/config-diff`
  try {
    await recordHubEvent(env, {
      customerId: c.customerId,
      eventType,
      severity: HUB_EVENT_SEVERITY[eventType],
      message:
        kind === 'drift'
          ? `${name}'s live config differs from the hub's in ${differingKeys} ${differingKeys === 1 ? 'key' : 'keys'} (controller ${controllerBaseUrl(c)}). Diff: ${url}`
          : `${name}'s live config matches the hub's again.`,
      details: { differing_keys: differingKeys, diff: url },
      dedupeKey: `${eventType}:${c.customerId}:${now}`,
    })
  } catch (err) {
    await revertDrift(env.db, c.customerId, moved.from, moved.since).catch(() => {})
    throw err
  }
  return { kind, differingKeys, event: eventType }
}
