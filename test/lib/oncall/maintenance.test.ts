// During a window the dead man's switch and event notifications are recorded but not sent; when it
// ends with the node still stale or down, the operator is told once.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { insertWindow } from '../../../lib/store/maintenance-windows.js'
import { checkStaleness } from '../../../scheduled/staleness.js'
import { startFakeNtfy } from '../../support/fake-push.js'
import { resendConfig, startFakeResend } from '../../support/fake-resend.js'
import { callJson } from '../../support/http.js'
import { hubEvents, MIN, sendEvent, sendReport } from '../../support/scheduled-seed.js'
import { ntfyChannel, pushEnv, pushRows } from '../notify/push/setup.js'
import { setPrefs } from '../notify/setup.js'

const T0 = Date.parse('2026-11-29T10:00:00Z')

async function watchedEnv() {
  const [resend, ntfy] = await Promise.all([startFakeResend(), startFakeNtfy()])
  const env = await pushEnv([ntfyChannel(ntfy)], {
    clock: fixedClock(T0),
    notifications: resendConfig(resend),
  })
  await sendReport(env, 'kovacs-csalad')
  await sendReport(env, 'nagy-bt')
  return { env, resend, ntfy }
}

const window = (
  env: Awaited<ReturnType<typeof watchedEnv>>['env'],
  customerId: string | null,
  minutes: number,
) =>
  insertWindow(
    env.db,
    {
      customerId,
      startsAt: env.clock.now().getTime(),
      endsAt: env.clock.now().getTime() + minutes * MIN,
      reason: 'test',
      createdBy: 'dashboard',
    },
    env.clock.now().getTime(),
  )

async function tick(env: Awaited<ReturnType<typeof watchedEnv>>['env']) {
  const s = await checkStaleness(env)
  await env.settle()
  return s
}

describe('maintenance windows', () => {
  it("records the dead man's switch and events but sends nothing, logged as skipped: maintenance", async () => {
    const { env, resend, ntfy } = await watchedEnv()
    await setPrefs(env, 'kovacs-csalad', ['node_stale', 'backup_failed'], 0)
    const res = await callJson(env, 'POST', '/api/v1/maintenance', {
      body: { customer_id: 'kovacs-csalad', duration: '2h' },
    })
    expect(res.status).toBe(201)
    await sendEvent(env, 'kovacs-csalad', 'backup_failed', 'warning')
    env.clock.set(T0 + 31 * MIN)
    await sendReport(env, 'nagy-bt')
    await tick(env)
    await env.settle()

    expect((await hubEvents(env, 'node_stale')).map((e) => e.customer_id)).toEqual(['kovacs-csalad'])
    expect(resend.emails).toEqual([])
    expect(ntfy.messages).toEqual([])
    const rows = await pushRows(env)
    expect(rows.map((r) => [r.event_type, r.channel, r.status, r.reason])).toEqual(
      expect.arrayContaining([
        ['backup_failed', 'operator', 'skipped', 'maintenance'],
        ['backup_failed', 'ntfy', 'skipped', 'maintenance'],
        ['backup_failed', 'customer', 'skipped', 'maintenance'],
        ['node_stale', 'operator', 'skipped', 'maintenance'],
        ['node_stale', 'ntfy', 'skipped', 'maintenance'],
        ['node_stale', 'customer', 'skipped', 'maintenance'],
      ]),
    )
  })

  it('covers every customer with a fleet-wide window', async () => {
    const { env, ntfy } = await watchedEnv()
    await window(env, null, 120)
    env.clock.set(T0 + 31 * MIN)
    await tick(env)
    expect((await hubEvents(env, 'node_stale')).map((e) => e.customer_id).sort()).toEqual([
      'kovacs-csalad',
      'nagy-bt',
    ])
    expect(ntfy.messages).toEqual([])
    const listed = await callJson(env, 'GET', '/api/v1/customers')
    expect(listed.json.customers.map((c: any) => c.maintenance_until)).toEqual([
      '2026-11-29T12:00:00Z',
      '2026-11-29T12:00:00Z',
    ])
  })

  it('tells the operator once when the window ends with the node still down, however often the job runs', async () => {
    const { env, resend, ntfy } = await watchedEnv()
    await window(env, 'kovacs-csalad', 90)
    for (let m = 1; m <= 89; m += 11) {
      env.clock.set(T0 + m * MIN)
      await sendReport(env, 'nagy-bt')
      await tick(env)
    }
    expect(await hubEvents(env, 'maintenance_ended_down')).toEqual([])
    env.clock.set(T0 + 91 * MIN)
    await Promise.all([tick(env), tick(env), tick(env)])
    env.clock.set(T0 + 95 * MIN)
    await tick(env)
    const told = await hubEvents(env, 'maintenance_ended_down')
    expect(told).toEqual([expect.objectContaining({ customer_id: 'kovacs-csalad', severity: 'warning' })])
    expect(ntfy.messages.map((m) => m.title)).toEqual(['kovacs-csalad: maintenance_ended_down'])
    expect(resend.emails.map((m) => m.subject)).toEqual([
      '[felhom] WARNING kovacs-csalad: maintenance_ended_down',
    ])
    expect(resend.emails[0].text).toContain('still down (not reporting) after its maintenance window ended')
  })

  it('says nothing when the node is back by the end, or went silent only after it', async () => {
    const { env } = await watchedEnv()
    await window(env, 'kovacs-csalad', 20)
    await window(env, 'nagy-bt', 60)
    env.clock.set(T0 + 50 * MIN)
    await sendReport(env, 'nagy-bt') // back before its window ends
    await tick(env)
    env.clock.set(T0 + 61 * MIN)
    await tick(env)
    // kovacs-csalad's window ended at +20 while it was still fresh; it went stale at +30, after.
    expect(await hubEvents(env, 'maintenance_ended_down')).toEqual([])
    expect((await hubEvents(env, 'node_stale')).map((e) => e.customer_id)).toEqual(['kovacs-csalad'])
  })

  it('names the nodes still down in one fleet event when a fleet-wide window ends', async () => {
    const { env, ntfy } = await watchedEnv()
    await window(env, null, 120)
    for (const m of [31, 61, 121]) {
      env.clock.set(T0 + m * MIN)
      await tick(env)
    }
    const told = await hubEvents(env, 'maintenance_ended_down')
    expect(told).toEqual([expect.objectContaining({ customer_id: null })])
    expect(ntfy.messages).toHaveLength(1)
    expect(ntfy.messages[0].message).toContain('kovacs-csalad (down), nagy-bt (down)')
  })
})
