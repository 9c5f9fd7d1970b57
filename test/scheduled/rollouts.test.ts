// The rollouts job against a fleet of 20 fake controllers that update by reporting the new version
// through the hub's real report route; the test clock moves through deadlines and soak times.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { getRollout, moveNode, nodesOf, rolloutLog, wavesOf } from '../../lib/store/rollouts.js'
import { runRollouts } from '../../scheduled/rollouts.js'
import { testEnv, type TestEnv } from '../support/env.js'
import { resendConfig, startFakeResend } from '../support/fake-resend.js'
import { beginRollout, nodeId, seedFleet, settings } from '../support/rollout-seed.js'
import { hubEvents } from '../support/scheduled-seed.js'

const MIN = 60_000

async function states(env: TestEnv, id: number): Promise<Record<string, string>> {
  return Object.fromEntries((await nodesOf(env.db, id)).map((n) => [n.customerId, n.state]))
}

const count = (s: Record<string, string>, state: string) => Object.values(s).filter((v) => v === state).length

/** Runs the job after `ms` of test time, the way the every-minute schedule would. */
async function after(env: TestEnv, ms: number) {
  env.clock.advance(ms)
  return runRollouts(env)
}

describe('the rollouts job', () => {
  it('updates 20 nodes in waves (canary, 10%, 50%, 100%), each asked exactly once, and says when it is done', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
    const fleet = await seedFleet(env, { size: 20 })
    const id = await beginRollout(env)
    expect((await wavesOf(env.db, id)).map((w) => [w.label, w.state])).toEqual([
      ['canary', 'waiting'],
      ['10%', 'waiting'],
      ['50%', 'waiting'],
      ['100%', 'waiting'],
    ])
    expect((await nodesOf(env.db, id)).map((n) => n.wave).join('')).toMatch(/^0(1)(2{8})(3{10})$/)

    // 1. The canary alone is asked.
    const first = await runRollouts(env)
    expect(first).toMatchObject({ rollout: id, state: 'running', wave: 'canary', triggered: 1 })
    expect(
      fleet
        .nodes()
        .filter((n) => n.updates.length > 0)
        .map((n) => n.customerId),
    ).toEqual([nodeId(1)])
    expect(fleet.node(nodeId(1)).updates).toEqual(['1.9.0'])

    // 2. It comes back on 1.9.0: passed, and the wave soaks 15 minutes before anyone else is asked.
    await fleet.comeBack()
    expect(await after(env, 5 * MIN)).toMatchObject({ passed: 1, triggered: 0 })
    expect((await wavesOf(env.db, id))[0].state).toBe('soaking')
    expect(await after(env, 14 * MIN)).toMatchObject({ triggered: 0 })
    const second = await after(env, 1 * MIN)
    expect(second).toMatchObject({ wave: '10%', triggered: 1 })

    // 3. The rest, wave by wave.
    for (const wave of ['50%', '100%']) {
      await fleet.comeBack()
      await after(env, 3 * MIN) // passed, soaking
      const next = await after(env, 15 * MIN)
      expect(next.wave).toBe(wave)
      expect(next.triggered).toBe(wave === '50%' ? 8 : 10)
    }
    await fleet.comeBack()
    await after(env, 3 * MIN)
    const last = await after(env, 15 * MIN)
    expect(last.state).toBe('completed')

    const rollout = (await getRollout(env.db, id))!
    expect(rollout).toMatchObject({ state: 'completed', pendingEvent: null })
    expect(count(await states(env, id), 'passed')).toBe(20)
    for (const n of fleet.nodes()) expect(n.updates, n.customerId).toEqual(['1.9.0'])
    expect(await hubEvents(env, 'rollout_completed')).toEqual([
      expect.objectContaining({ customer_id: null, severity: 'info', dedupe_key: `rollout_completed:${id}` }),
    ])
    // Nothing more happens once it is over.
    expect(await after(env, MIN)).toMatchObject({ rollout: null, triggered: 0 })
  })

  it('halts on a refused update, tells the operator (a fleet-wide error), and goes on after skip and resume', async () => {
    const resend = await startFakeResend()
    const env = await testEnv({
      clock: fixedClock('2026-11-29T08:00:00Z'),
      config: { notifications: resendConfig(resend) },
    })
    const fleet = await seedFleet(env, { size: 20 })
    // Which nodes land in the 50% wave is a hash of version and id; make one of them refuse.
    const id = await beginRollout(env, settings({ soakMs: 0 }))
    const wave50 = (await nodesOf(env.db, id, 2)).map((n) => n.customerId)
    const refuser = wave50[3]
    fleet.node(refuser).behaviour = 'refuse'

    await runRollouts(env) // canary asked
    await fleet.comeBack()
    await after(env, MIN) // canary passed, 10% asked
    await fleet.comeBack()
    const halted = await after(env, MIN) // 10% passed, 50% asked: one refuses
    expect(halted.halted).toContain(refuser)
    expect(halted.halted).toContain('rejected the update request')
    expect(halted.state).toBe('halted')
    const s = await states(env, id)
    expect(s[refuser]).toBe('failed')

    // The operator hears of it: one fleet-wide error event, and the email it leads to.
    const [event] = await hubEvents(env, 'rollout_halted')
    expect(event).toMatchObject({
      customer_id: null,
      severity: 'error',
      dedupe_key: `rollout_halted:${id}:1`,
    })
    await env.settle()
    expect(resend.emails.map((m) => m.subject)).toContain('[felhom] ERROR fleet: rollout_halted')
    expect(resend.emails.find((m) => m.subject.includes('rollout_halted'))!.text).toContain(`/rollouts/${id}`)

    // Halted: nobody new is asked, however much time passes; the others' reports still count.
    await fleet.comeBack()
    const waiting = await after(env, 10 * MIN)
    expect(waiting).toMatchObject({ triggered: 0, state: 'halted' })
    expect(count(await states(env, id), 'passed')).toBe(1 + 1 + 7)
    expect(fleet.nodes().filter((n) => n.updates.length > 0)).toHaveLength(1 + 1 + 8)

    // Skip the refuser, resume: the wave completes and the last one runs.
    const { skipNode, resume } = await import('../../lib/rollouts/operator.js')
    expect(await skipNode(env, id, refuser)).toMatchObject({ ok: true })
    expect(await resume(env, id)).toMatchObject({ ok: true })
    const next = await after(env, MIN)
    expect(next).toMatchObject({ wave: '100%', triggered: 10 })
    await fleet.comeBack()
    expect(await after(env, MIN)).toMatchObject({ state: 'completed' })
    expect(fleet.node(refuser).updates).toHaveLength(1)
    expect(count(await states(env, id), 'skipped')).toBe(1)
  })

  it('fails a node that is not back by its deadline, and a resume waits for it again without sending twice', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
    const fleet = await seedFleet(env, { size: 20, behaviours: { [nodeId(1)]: 'vanish' } })
    const id = await beginRollout(env)
    await runRollouts(env)
    await fleet.comeBack() // the canary accepted, and went silent
    expect(await after(env, 29 * MIN)).toMatchObject({ state: 'running', failed: 0 })
    const late = await after(env, 2 * MIN)
    expect(late.state).toBe('halted')
    expect(late.halted).toMatch(/Wave canary: node-01: (Not back on 1\.9\.0 within 30 min|Down)/)

    const { resume } = await import('../../lib/rollouts/operator.js')
    expect(await resume(env, id)).toMatchObject({
      ok: true,
      text: expect.stringContaining('1 waited for again'),
    })
    expect((await nodesOf(env.db, id, 0))[0]).toMatchObject({ state: 'sent', attempts: 1 })
    await runRollouts(env)
    expect(fleet.node(nodeId(1)).updates).toEqual(['1.9.0'])
    // It turns up after all: passed.
    fleet.node(nodeId(1)).silent = false
    fleet.node(nodeId(1)).version = '1.9.0'
    await fleet.report(nodeId(1))
    expect(await after(env, MIN)).toMatchObject({ passed: 1 })
  })

  it('halts when a node comes back failing health, and when a soaking node goes bad', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
    const fleet = await seedFleet(env, { size: 20, behaviours: { [nodeId(1)]: 'unhealthy' } })
    const id = await beginRollout(env)
    await runRollouts(env)
    await fleet.comeBack()
    const halted = await after(env, 2 * MIN)
    expect(halted.halted).toContain('Reported health fail (1.9.0, health fail)')

    // A second rollout: the canary passes, then fails health during the soak.
    const { abort } = await import('../../lib/rollouts/operator.js')
    await abort(env, id)
    fleet.node(nodeId(2)).behaviour = 'ok'
    const id2 = await beginRollout(env, settings({ canary: nodeId(2) }))
    await runRollouts(env)
    await fleet.comeBack()
    await after(env, MIN)
    expect((await wavesOf(env.db, id2))[0].state).toBe('soaking')
    fleet.node(nodeId(2)).health = 'fail'
    await fleet.report(nodeId(2))
    const soak = await after(env, MIN)
    expect(soak.halted).toContain('Failed during the soak')
    expect((await wavesOf(env.db, id2))[0].state).toBe('running')
    expect(fleet.nodes().filter((n) => n.customerId !== nodeId(1) && n.updates.length > 0)).toHaveLength(1)
  })

  it('counts an update request without a clear answer as sent and never sends it again', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
    env.controllerTimeoutMs = 300
    const fleet = await seedFleet(env, { size: 20, behaviours: { [nodeId(1)]: 'hang' } })
    const id = await beginRollout(env)
    expect(await runRollouts(env)).toMatchObject({ triggered: 1, failed: 0 })
    const [canary] = await nodesOf(env.db, id, 0)
    expect(canary).toMatchObject({ state: 'sent', attempts: 1 })
    expect(canary.note).toContain('counted as sent')
    for (let i = 0; i < 5; i++) await after(env, MIN)
    expect(fleet.node(nodeId(1)).updates).toHaveLength(1)
    // It did update after all.
    fleet.node(nodeId(1)).version = '1.9.0'
    await fleet.report(nodeId(1))
    expect(await after(env, MIN)).toMatchObject({ passed: 1 })
  })

  it('never asks a node claimed by a run that died, and passes it when it reports the new version', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
    const fleet = await seedFleet(env, { size: 20 })
    const id = await beginRollout(env)
    // A run claimed the canary and died before (or while) calling it.
    const now = env.clock.now().getTime()
    const claim = {
      rolloutId: id,
      customerId: nodeId(1),
      from: ['waiting' as const],
      to: 'triggering' as const,
      set: { claimed_at: now, deadline_at: now + 30 * MIN },
      countAttempt: true,
    }
    expect(await moveNode(env.db, claim, now, { kind: 'claimed', message: 'test' })).toBe(true)
    expect(await runRollouts(env)).toMatchObject({ triggered: 0 })
    const stale = await after(env, 6 * MIN)
    expect(stale.triggered).toBe(0)
    expect((await nodesOf(env.db, id, 0))[0]).toMatchObject({ state: 'sent' })
    expect((await rolloutLog(env.db, id)).map((e) => e.kind)).toContain('ambiguous')
    expect(fleet.node(nodeId(1)).updates).toEqual([])
    // The dead run's request had arrived: the node reports 1.9.0.
    fleet.node(nodeId(1)).version = '1.9.0'
    await fleet.report(nodeId(1))
    expect(await after(env, MIN)).toMatchObject({ passed: 1 })
  })

  it('asks each node once when two runs go at the same time', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
    const fleet = await seedFleet(env, { size: 20 })
    const id = await beginRollout(env, settings({ percents: [100], soakMs: 0 }))
    await Promise.all([runRollouts(env), runRollouts(env)])
    await fleet.comeBack()
    env.clock.advance(MIN)
    await Promise.all([runRollouts(env), runRollouts(env), runRollouts(env)])
    expect(count(await states(env, id), 'sent')).toBe(19)
    for (const n of fleet.nodes()) expect(n.updates, n.customerId).toEqual(['1.9.0'])
    await fleet.comeBack()
    env.clock.advance(MIN)
    const [a, b] = await Promise.all([runRollouts(env), runRollouts(env)])
    expect([a.state, b.state]).toEqual(['completed', 'completed'])
    expect(await hubEvents(env, 'rollout_completed')).toHaveLength(1)
  })

  it('skips a node that became ineligible before its wave, and passes one already on the version', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
    const fleet = await seedFleet(env, { size: 20 })
    const id = await beginRollout(env, settings({ percents: [100], soakMs: 0 }))
    const wave = (await nodesOf(env.db, id, 1)).map((n) => n.customerId)
    await env.db.execute({
      sql: 'UPDATE customer_configs SET blocked = 1 WHERE customer_id = ?',
      args: [wave[0]],
    })
    fleet.node(wave[1]).version = '1.9.0'
    await fleet.report(wave[1])
    await runRollouts(env)
    await fleet.comeBack()
    const r = await after(env, MIN)
    expect(r).toMatchObject({ skipped: 1, triggered: 17 })
    const s = await states(env, id)
    expect(s[wave[0]]).toBe('skipped')
    expect(s[wave[1]]).toBe('passed')
    expect(fleet.node(wave[0]).updates).toEqual([])
    expect(fleet.node(wave[1]).updates).toEqual([])
  })
})
