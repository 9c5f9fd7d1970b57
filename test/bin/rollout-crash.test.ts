// kill -9 in the middle of a rollout wave, with an update request in flight, then a restart on the
// same data: the rollout goes on from where it stood and no node is asked to update twice.
import { createClient } from '@libsql/client'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { nodesOf } from '../../lib/store/rollouts.js'
import { CRON_TOKEN, GLOBAL_KEY, SECRET_KEY, testEnv } from '../support/env.js'
import { eventually, startHub, type HubProcess } from '../support/process.js'
import { beginRollout, nodeId, seedFleet, settings } from '../support/rollout-seed.js'

let hubs: HubProcess[] = []
afterEach(async () => {
  for (const hub of hubs) hub.child.kill('SIGKILL')
  await Promise.all(hubs.map((h) => h.exited))
  hubs = []
})

describe('a rollout across a crash', () => {
  it(
    'resumes after SIGKILL mid-wave on the same data and asks no node twice',
    { timeout: 90_000 },
    async () => {
      // 1. Seed the database the hub will run on: 20 nodes behind fake controllers (each comes back
      //    by itself right after its 202), a release, and a rollout with no soak.
      const env = await testEnv({ clock: fixedClock(Date.now()) })
      const fleet = await seedFleet(env, { size: 20, autoReport: true })
      const id = await beginRollout(env, settings({ soakMs: 0, deadlineMs: 10 * 60_000 }))
      // The node that answers slowly: the hub is killed while its update request is in flight.
      const wave50 = (await nodesOf(env.db, id, 2)).map((n) => n.customerId)
      const gated = wave50[0]
      fleet.node(gated).behaviour = 'gate'
      await env.db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
      env.db.close()

      const vars = {
        HUB_SERVER_DATA_DIR: env.dir,
        HUB_SERVER_SECRET_KEY: SECRET_KEY,
        HUB_SERVER_CRON_TOKEN: CRON_TOKEN,
        HUB_SERVER_SCHEDULER: 'external',
        HUB_API_REPORT_API_KEY: GLOBAL_KEY,
        HUB_CONTROLLERS_ALLOW_PRIVATE_ADDRESSES: 'true',
      }
      const reportsTo = (hub: HubProcess) => async (body: Record<string, unknown>) => {
        await fetch(`${hub.url}/api/v1/report`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${GLOBAL_KEY}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      }
      const runJob = (hub: HubProcess) =>
        fetch(`${hub.url}/internal/cron/rollouts?force=true`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${CRON_TOKEN}` },
        }).then(
          (res) => res.json(),
          () => null,
        )

      // 2. The first hub runs the job until every node of the 50% wave has its request (seven are
      //    answered, the gated one is held), then dies. (A node claimed whose request never left is
      //    the other crash window: it counts as sent and fails at its deadline; the in-process test
      //    in test/scheduled/rollouts.test.ts covers it.)
      const first = await startHub(vars)
      hubs.push(first)
      fleet.send = reportsTo(first)
      const waveAsked = Promise.all(wave50.map((n) => fleet.updateReceived(n))).then(() => 'asked' as const)
      for (let i = 0; i < 20; i++) {
        if ((await Promise.race([runJob(first), waveAsked])) === 'asked') break
      }
      expect(fleet.node(gated).updates).toEqual(['1.9.0'])
      first.child.kill('SIGKILL')
      await first.exited

      const db = createClient({ url: `file:${env.dbPath}`, intMode: 'number' })
      const atKill = Object.fromEntries((await nodesOf(db, id)).map((n) => [n.customerId, n.state]))
      expect(atKill[gated]).toBe('triggering') // claimed, answer never recorded
      expect(Object.values(atKill).filter((s) => s === 'waiting').length).toBeGreaterThan(0) // the 100% wave

      // 3. A new hub on the same data. The slow controller answers now (to nobody) and comes back.
      const second = await startHub(vars)
      hubs.push(second)
      fleet.send = reportsTo(second)
      fleet.release(gated)
      const done = await eventually(async () => {
        // Controllers report every 15 minutes: a report lost with the first hub comes again.
        await fleet.reportAll()
        const summary = (await runJob(second)) as { summary?: { state?: string } } | null
        return summary?.summary?.state === 'completed' ? summary : undefined
      }, 'the rollout to complete after the restart')
      expect(done).toMatchObject({ job: 'rollouts', ran: true })

      // 4. Every node updated, each asked exactly once, the gated one included.
      const states = (await nodesOf(db, id)).map((n) => [n.customerId, n.state, n.attempts])
      expect(states.filter(([, s]) => s !== 'passed')).toEqual([])
      expect(states.every(([, , a]) => a === 1)).toBe(true)
      for (const n of fleet.nodes()) expect(n.updates, n.customerId).toEqual(['1.9.0'])
      expect(fleet.node(nodeId(1)).version).toBe('1.9.0')
      db.close()
    },
  )
})
