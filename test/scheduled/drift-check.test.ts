// The drift-check job against fake controllers: each managed, reachable node's live config is
// compared by value with the one the hub generates; a node that starts drifting is one operator
// warning, one that matches again is one info, and the fleet and customer pages show it.
import { parse, stringify } from 'yaml'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { generateControllerYaml } from '../../lib/controller-config/generate.js'
import type { Env } from '../../lib/core/env.js'
import { getDrift } from '../../lib/store/config-drift.js'
import { getCustomer, readSecrets } from '../../lib/store/customers.js'
import { checkDriftFleet } from '../../scheduled/drift-check.js'
import { dashboardEnv, getPage, signIn } from '../support/dashboard.js'
import { CRON_TOKEN, testEnv } from '../support/env.js'
import { callJson } from '../support/http.js'
import { nodeId, seedFleet } from '../support/rollout-seed.js'
import { hubEvents } from '../support/scheduled-seed.js'

/** What the hub would push to the customer now. */
async function generated(env: Env, id: string): Promise<string> {
  const c = (await getCustomer(env.db, id))!
  return generateControllerYaml(env, c, (await readSecrets(env.db, env.secrets, id))!)
}

/** The generated config with `edit` applied to its plain value. */
async function edited(env: Env, id: string, edit: (v: any) => void): Promise<string> {
  const v = parse(await generated(env, id))
  edit(v)
  return stringify(v)
}

describe('the drift-check job', () => {
  it('finds the drifting node, tells the operator once, shows it on the fleet and detail pages, and sees it resolved', async () => {
    const env = await dashboardEnv({ clock: fixedClock('2026-11-30T05:00:00Z') })
    const fleet = await seedFleet(env, { size: 5 })
    fleet.node(nodeId(1)).liveConfig = await generated(env, nodeId(1))
    // Two keys differ: a changed value and one only the controller has. Order and comments do not count.
    fleet.node(nodeId(2)).liveConfig = await edited(env, nodeId(2), (v) => {
      v.monitoring.disk_warn_percent = 85
      v.monitoring.smart_check = '6h'
    })
    // Only meta differs: written by whoever produced the file, ignored.
    fleet.node(nodeId(3)).liveConfig = await edited(env, nodeId(3), (v) => {
      v.meta = { generated_at: '2020-01-01T00:00:00Z' }
    })
    fleet.node(nodeId(4)).url = 'http://127.0.0.1:9' // nothing listens there
    await fleet.report(nodeId(4))
    await env.db.execute({
      sql: 'UPDATE customer_configs SET blocked = 1 WHERE customer_id = ?',
      args: [nodeId(5)],
    })

    const first = await checkDriftFleet(env)
    expect(first).toEqual({
      ok: true,
      checked: 4,
      matching: 2,
      drifting: 1,
      unreachable: 1,
      started: 1,
      resolved: 0,
    })
    expect(fleet.node(nodeId(5)).requests).toEqual([])
    expect(await getDrift(env.db, nodeId(2))).toMatchObject({ state: 'drift', differingKeys: 2 })
    expect(await hubEvents(env, 'config_drift')).toEqual([
      expect.objectContaining({ customer_id: nodeId(2), severity: 'warning' }),
    ])

    const s = await signIn(env)
    const fleetPage = await getPage(env, '/', s)
    const row = (id: string) => new RegExp(`data-customer="${id}"[\\s\\S]*?</tr>`).exec(fleetPage.html)![0]
    expect(row(nodeId(2))).toContain(`href="/customers/${nodeId(2)}/config-diff" class="drift-pill"`)
    expect(row(nodeId(2))).toContain('drift 2')
    expect(row(nodeId(1))).not.toContain('drift-pill')
    const detail = await getPage(env, `/customers/${nodeId(2)}`, s)
    expect(detail.html).toContain('data-drift="2"')
    expect(detail.html).toContain(`<a href="/customers/${nodeId(2)}/config-diff">Show the diff</a>`)

    // The next day, still drifting (and reporting): no second warning.
    env.clock.advance(86_400_000)
    await fleet.reportAll()
    expect(await checkDriftFleet(env)).toMatchObject({ drifting: 1, started: 0 })
    expect(await hubEvents(env, 'config_drift')).toHaveLength(1)

    // Fixed (someone pushed the config): resolved, once, and the badge is gone.
    fleet.node(nodeId(2)).liveConfig = await generated(env, nodeId(2))
    env.clock.advance(86_400_000)
    await fleet.reportAll()
    expect(await checkDriftFleet(env)).toMatchObject({ drifting: 0, resolved: 1 })
    expect(await hubEvents(env, 'config_drift_resolved')).toEqual([
      expect.objectContaining({ customer_id: nodeId(2), severity: 'info' }),
    ])
    expect((await getPage(env, '/', await signIn(env))).html).not.toContain('drift-pill')
  })

  it('keeps to the controller address rules: private addresses are refused unless allowed, and nothing is sent', async () => {
    const env = await testEnv({
      clock: fixedClock('2026-11-30T05:00:00Z'),
      config: { controllers: { allow_private_addresses: false } },
    })
    const fleet = await seedFleet(env, { size: 3 })
    expect(await checkDriftFleet(env)).toMatchObject({ checked: 3, unreachable: 3, drifting: 0 })
    for (const n of fleet.nodes()) expect(n.requests).toEqual([])
  })

  it('calls at most 8 controllers at once', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-30T05:00:00Z') })
    const fleet = await seedFleet(env, { size: 20 })
    expect(await checkDriftFleet(env)).toMatchObject({ checked: 20 })
    expect(fleet.maxInFlight).toBeLessThanOrEqual(8)
    expect(fleet.maxInFlight).toBeGreaterThan(1)
  })

  it('runs at 06:00 Budapest through the cron route, and a customer cannot choose its events', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-30T05:00:30Z') })
    await seedFleet(env, { size: 2 })
    const res = await callJson(env, 'POST', '/internal/cron/drift-check', { key: CRON_TOKEN })
    expect(res.json).toMatchObject({ job: 'drift-check', ran: true, summary: { checked: 2 } })
    const again = await callJson(env, 'POST', '/internal/cron/drift-check', { key: CRON_TOKEN })
    expect(again.json).toMatchObject({ ran: false, reason: 'slot 2026-11-30T05:00:00.000Z already ran' })
    const prefs = { customer_id: nodeId(1), email: 'a@example.test', enabled_events: ['config_drift'] }
    expect((await callJson(env, 'POST', '/api/v1/preferences', { body: prefs })).status).toBe(400)
  })
})
