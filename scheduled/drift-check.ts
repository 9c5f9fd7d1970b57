// 06:00 Europe/Budapest (spec §9): every managed, reachable controller's live config against the
// generated one (lib/controller-config/drift.ts). A few calls at a time with a short deadline
// each, so a fleet of 1,000 finishes in minutes even with some nodes that never answer; the
// controller address rules apply (the same client as every other call).
import type { Env } from '../lib/core/env.js'
import { mapLimit } from '../lib/core/pool.js'
import { controllerBaseUrl } from '../lib/controller/client.js'
import { checkDrift } from '../lib/controller-config/drift.js'
import { currentTemplate } from '../lib/controller-config/generate.js'
import { statusOf } from '../lib/reports/summaries.js'
import { listCustomers, type Customer } from '../lib/store/customers.js'

export type DriftCheckSummary = {
  ok: true
  checked: number
  matching: number
  drifting: number
  unreachable: number
  started: number
  resolved: number
}

export const DRIFT_CONCURRENCY = 8
export const DRIFT_TIMEOUT_MS = 5_000

/** Managed, not blocked, with a URL to call, and reporting (status ok or warn). */
function reachable(env: Env, c: Customer): boolean {
  if (c.configType !== 'managed' || !c.hasCredentials || controllerBaseUrl(c) === null) return false
  const status = statusOf(env, c)
  return status === 'ok' || status === 'warn'
}

export async function checkDriftFleet(
  env: Env,
  opts: { concurrency?: number; timeoutMs?: number } = {},
): Promise<DriftCheckSummary> {
  const customers = (await listCustomers(env.db)).filter((c) => reachable(env, c))
  const template = await currentTemplate(env)
  const timeoutMs = opts.timeoutMs ?? env.controllerTimeoutMs ?? DRIFT_TIMEOUT_MS
  const s: DriftCheckSummary = {
    ok: true,
    checked: 0,
    matching: 0,
    drifting: 0,
    unreachable: 0,
    started: 0,
    resolved: 0,
  }
  await mapLimit(customers, opts.concurrency ?? DRIFT_CONCURRENCY, async (c) => {
    const o = await checkDrift(env, c, template, { timeoutMs })
    s.checked++
    if (o.kind === 'unreachable') s.unreachable++
    else {
      s[o.kind === 'drift' ? 'drifting' : 'matching']++
      if (o.event === 'config_drift') s.started++
      if (o.event === 'config_drift_resolved') s.resolved++
    }
  })
  return s
}
