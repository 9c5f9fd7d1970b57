// Every minute (and from tick): moves the active rollout on (lib/rollouts/engine.ts).
import type { Env } from '../lib/core/env.js'
import { advanceRollouts, type AdvanceSummary } from '../lib/rollouts/engine.js'
import { rolloutMaintenance } from '../lib/rollouts/maintenance.js'

export function runRollouts(env: Env): Promise<AdvanceSummary> {
  return advanceRollouts(env, { inMaintenance: rolloutMaintenance })
}
