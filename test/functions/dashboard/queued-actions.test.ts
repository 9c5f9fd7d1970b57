// Queued controller actions from the dashboard: a push or update that fails because the node is
// unreachable offers to queue it; the hub retries when the node reports and from tick; the
// customer page shows the queue with every attempt, and a pending action can be cancelled.
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { generateControllerYaml } from '../../../lib/controller-config/generate.js'
import type { Env } from '../../../lib/core/env.js'
import { getCustomer, readSecrets } from '../../../lib/store/customers.js'
import { actionsFor } from '../../../lib/store/queued-actions.js'
import { runTick } from '../../../scheduled/tick.js'
import { dashboardEnv, flashOf, getPage, postForm, signIn } from '../../support/dashboard.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { startFakeController, type FakeController } from '../../support/fake-controller.js'
import { knownRelease } from '../../support/rollout-seed.js'

const ID = 'kovacs-csalad'
const controllers: FakeController[] = []
afterEach(async () => {
  while (controllers.length) await controllers.pop()!.close()
})

async function setup() {
  const env = await dashboardEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
  const creds = await managedCustomer(env, ID)
  const ctl = await startFakeController({ apiKey: creds.api_key })
  controllers.push(ctl)
  await sendReport(env, ID, { controller_url: ctl.url, controller_version: '1.8.0' }, creds.api_key)
  await knownRelease(env)
  const report = (patch: Record<string, unknown> = {}) =>
    sendReport(env, ID, { controller_url: ctl.url, controller_version: '1.8.0', ...patch }, creds.api_key)
  return { env, ctl, report, s: await signIn(env) }
}

const applies = (ctl: FakeController) => ctl.requests.filter((r) => r.path === '/api/config/apply').length
const updates = (ctl: FakeController) => ctl.requests.filter((r) => r.path === '/api/update').length

async function hubYaml(env: Env) {
  const c = (await getCustomer(env.db, ID))!
  return generateControllerYaml(env, c, (await readSecrets(env.db, env.secrets, ID))!)
}

describe('queued actions', () => {
  it('offer to queue a push the node could not take, retry it from tick with backoff and apply it when the node reports', async () => {
    const { env, ctl, report, s } = await setup()
    ctl.setMode('apply', { status: 502, message: 'tunnel: origin unreachable' })

    // 1. The push fails; the flash says so and the page offers to queue it.
    const push = await postForm(env, `/customers/${ID}/push-config`, s)
    expect(push.location).toBe(`/customers/${ID}?offer=push-config#queue`)
    expect(flashOf(push)?.text).toContain('queue it below')
    const offered = await getPage(env, `/customers/${ID}?offer=push-config`, s)
    expect(offered.html).toContain(`action="/customers/${ID}/queue-action"`)
    expect(offered.html).toContain('name="action" value="push-config"')

    // 2. Queue it (once).
    const queued = await postForm(env, `/customers/${ID}/queue-action`, s, { action: 'push-config' })
    expect(flashOf(queued)).toMatchObject({ kind: 'ok', text: expect.stringContaining('is queued') })
    const twice = await postForm(env, `/customers/${ID}/queue-action`, s, { action: 'push-config' })
    expect(flashOf(twice)).toMatchObject({ kind: 'error', text: expect.stringContaining('already queued') })

    // 3. Tick tries it (still down: a 5xx is retried), then waits out the backoff.
    const first = await runTick(env)
    expect(first.summary.queued_actions.summary).toMatchObject({ attempted: 1, retrying: 1 })
    expect((await runTick(env)).summary.queued_actions.summary).toMatchObject({ attempted: 0 })
    env.clock.advance(61_000)
    expect((await runTick(env)).summary.queued_actions.summary).toMatchObject({ attempted: 1, retrying: 1 })
    expect(applies(ctl)).toBe(1 + 2)

    // 4. The node is back and reports: the push goes right after the report, once.
    ctl.setMode('apply', 'ok')
    await report()
    await env.settle()
    expect(applies(ctl)).toBe(4)
    expect(ctl.liveConfig).toBe(await hubYaml(env))
    await report()
    await env.settle()
    env.clock.advance(3_600_000)
    await runTick(env)
    expect(applies(ctl)).toBe(4)

    // 5. The customer page shows it done, with every attempt.
    const { actions, attempts } = await actionsFor(env.db, ID)
    expect(actions.map((a) => [a.action, a.state, a.attempts])).toEqual([['push-config', 'done', 3]])
    expect(attempts.map((a) => [a.trigger, a.outcome])).toEqual([
      ['tick', 'retry'],
      ['tick', 'retry'],
      ['report', 'done'],
    ])
    const page = await getPage(env, `/customers/${ID}`, s)
    expect(page.html).toContain('Queued actions')
    expect(page.html).toContain('data-state="done"')
    expect(page.html).toContain('tunnel: origin unreachable')
    expect(page.html).toContain('Config applied.')
  })

  it('treat a 4xx as final: the action fails and is never tried again', async () => {
    const { env, ctl, report, s } = await setup()
    ctl.setMode('update', { status: 503, message: 'starting up' })
    const failed = await postForm(env, `/customers/${ID}/trigger-update`, s)
    expect(failed.location).toBe(`/customers/${ID}?offer=trigger-update#queue`)
    await postForm(env, `/customers/${ID}/queue-action`, s, { action: 'trigger-update' })
    ctl.setMode('update', { status: 409, code: 'update_in_progress', message: 'an update is running' })
    await report()
    await env.settle()
    env.clock.advance(2 * 3_600_000)
    await runTick(env)
    await report()
    await env.settle()
    expect(updates(ctl)).toBe(2)
    const [a] = (await actionsFor(env.db, ID)).actions
    expect(a).toMatchObject({ action: 'trigger-update', version: '1.9.0', state: 'failed', attempts: 1 })
    expect(a.note).toContain('an update is running')
  })

  it('offer no queue for a refusal the node itself gave (4xx)', async () => {
    const { env, ctl, s } = await setup()
    ctl.setMode('apply', { status: 422, message: 'backup.schedule: bad time' })
    const push = await postForm(env, `/customers/${ID}/push-config`, s)
    expect(push.location).toBe(`/customers/${ID}`)
    expect((await getPage(env, `/customers/${ID}?offer=nonsense`, s)).html).not.toContain('queue-action')
  })

  it('never repeat an attempt whose answer was lost, nor one a dead process had claimed', async () => {
    const { env, ctl, report } = await setup()
    env.controllerTimeoutMs = 300
    const { queueAction } = await import('../../../lib/queued-actions/queue.js')
    const { claimAction } = await import('../../../lib/store/queued-actions.js')
    await queueAction(env, ID, 'push-config', null)
    ctl.setMode('apply', 'hang')
    await report()
    await env.settle()
    for (let i = 0; i < 3; i++) {
      env.clock.advance(3_600_000)
      await runTick(env)
      await report()
      await env.settle()
    }
    expect(applies(ctl)).toBe(1)
    expect((await actionsFor(env.db, ID)).actions[0]).toMatchObject({ state: 'unconfirmed' })

    // A claim left by a process that died mid-call becomes unconfirmed at the next tick after 5 min.
    const second = await queueAction(env, ID, 'trigger-update', '1.9.0')
    expect(second.ok).toBe(true)
    expect(await claimAction(env.db, (second as { id: number }).id, 'tick', env.clock.now().getTime())).toBe(
      true,
    )
    env.clock.advance(6 * 60_000)
    expect((await runTick(env)).summary.queued_actions.summary).toMatchObject({ unconfirmed: 1 })
    await report()
    await env.settle()
    expect(updates(ctl)).toBe(0)
  })

  it('apply an action once when the report hook and tick race for it', async () => {
    const { env, ctl } = await setup()
    const { queueAction } = await import('../../../lib/queued-actions/queue.js')
    const { retryAfterReport, retryDue } = await import('../../../lib/queued-actions/run.js')
    await queueAction(env, ID, 'push-config', null)
    await Promise.all([retryAfterReport(env, ID), retryDue(env), retryAfterReport(env, ID), retryDue(env)])
    expect(applies(ctl)).toBe(1)
    expect((await actionsFor(env.db, ID)).attempts).toHaveLength(1)
  })

  it('expire after 7 days, finish an update the node already has without calling, and cancel on request', async () => {
    const { env, ctl, report } = await setup()
    const { queueAction } = await import('../../../lib/queued-actions/queue.js')
    ctl.setMode('apply', { status: 502 })
    await queueAction(env, ID, 'push-config', null)
    env.clock.advance(7 * 86_400_000)
    expect((await runTick(env)).summary.queued_actions.summary).toMatchObject({ expired: 1, attempted: 0 })
    ctl.setMode('apply', 'ok')
    await report()
    await env.settle()
    expect(applies(ctl)).toBe(0)

    await queueAction(env, ID, 'trigger-update', '1.9.0')
    await report({ controller_version: '1.9.0' })
    await env.settle()
    expect(updates(ctl)).toBe(0)
    expect((await actionsFor(env.db, ID)).actions[0]).toMatchObject({
      action: 'trigger-update',
      state: 'done',
    })

    const q = await queueAction(env, ID, 'push-config', null)
    const id = String((q as { id: number }).id)
    const s = await signIn(env) // a week later: a fresh session
    const page = await getPage(env, `/customers/${ID}`, s)
    expect(page.html).toContain(`name="action_id" value="${id}"`)
    const cancel = await postForm(env, `/customers/${ID}/cancel-queued-action`, s, { action_id: id })
    expect(flashOf(cancel)).toMatchObject({ kind: 'ok' })
    expect(
      flashOf(await postForm(env, `/customers/${ID}/cancel-queued-action`, s, { action_id: id })),
    ).toMatchObject({
      kind: 'error',
    })
    expect(
      flashOf(await postForm(env, `/customers/${ID}/cancel-queued-action`, s, { action_id: 'x' })),
    ).toMatchObject({
      kind: 'error',
    })
    await report()
    await env.settle()
    expect(applies(ctl)).toBe(0)
  })

  it('look up pending actions after a report through the partial index, which holds only pending rows', async () => {
    const { env } = await setup()
    const plan = await env.db.execute({
      sql: "EXPLAIN QUERY PLAN SELECT id FROM queued_actions WHERE customer_id = ? AND state = 'pending' ORDER BY id",
      args: [ID],
    })
    expect(plan.rows.map((r) => String(r.detail)).join(' ')).toMatch(
      /USING (COVERING )?INDEX queued_actions_pending/,
    )
  })
})
