// A managed fleet behind the fake controllers, reporting through the in-process report route, and
// a known release: what the rollout tests start from.
import { afterEach } from 'vitest'
import { neverInMaintenance } from '../../lib/rollouts/maintenance.js'
import { previewRollout, startRollout } from '../../lib/rollouts/operator.js'
import { DEFAULT_PERCENTS, type RolloutSettings } from '../../lib/rollouts/plan.js'
import { setState } from '../../lib/store/hub-state.js'
import type { TestEnv } from './env.js'
import { managedCustomer } from './factories.js'
import { startFakeFleet, type Behaviour, type FakeFleet } from './fake-fleet.js'
import { call } from './http.js'

const fleets: FakeFleet[] = []
afterEach(async () => {
  while (fleets.length) await fleets.pop()!.close()
})

export const nodeId = (i: number) => `node-${String(i).padStart(2, '0')}`

/** The latest release the registry check found, as registry-check stores it. */
export async function knownRelease(env: TestEnv, version = '1.9.0', others: string[] = []) {
  const now = env.clock.now().getTime()
  const latest = { tag: `v${version}`, version, checked_at: new Date(now).toISOString() }
  await setState(env.db, 'registry_latest_tag', JSON.stringify(latest), now)
  await setState(env.db, 'registry_releases', JSON.stringify([version, ...others]), now)
}

/** Reports through the hub's real report route (in-process), as the fake controllers do. */
export const inProcessReports = (env: TestEnv) => async (body: Record<string, unknown>) => {
  const res = await call(env, 'POST', '/api/v1/report', { body })
  if (res.status !== 200) throw new Error(`report failed: ${res.status} ${await res.text()}`)
}

/** `size` managed customers node-01… on `version`, each behind a fake controller, all reported once. */
export async function seedFleet(
  env: TestEnv,
  opts: { size: number; version?: string; behaviours?: Record<string, Behaviour>; autoReport?: boolean },
): Promise<FakeFleet> {
  const fleet = await startFakeFleet({ send: inProcessReports(env), autoReport: opts.autoReport })
  fleets.push(fleet)
  for (let i = 1; i <= opts.size; i++) {
    const id = nodeId(i)
    const creds = await managedCustomer(env, id)
    fleet.add({
      customerId: id,
      apiKey: creds.api_key,
      version: opts.version ?? '1.8.0',
      behaviour: opts.behaviours?.[id],
    })
  }
  await fleet.reportAll()
  await knownRelease(env)
  return fleet
}

export function settings(patch: Partial<RolloutSettings> = {}): RolloutSettings {
  return {
    version: '1.9.0',
    canary: nodeId(1),
    percents: DEFAULT_PERCENTS,
    deadlineMs: 30 * 60_000,
    soakMs: 15 * 60_000,
    ...patch,
  }
}

/** Previews and starts a rollout as the operator's form does; returns its id. */
export async function beginRollout(env: TestEnv, s: RolloutSettings = settings()): Promise<number> {
  const preview = await previewRollout(env, s, neverInMaintenance)
  const started = await startRollout(env, s, preview.fingerprint, neverInMaintenance)
  if (!started.ok) throw new Error(started.error)
  return started.id
}
