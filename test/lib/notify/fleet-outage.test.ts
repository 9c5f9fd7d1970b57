import { describe, expect, it } from 'vitest'
import { dispatchEvent } from '../../../lib/notify/dispatch.js'
import { checkStaleness } from '../../../scheduled/staleness.js'
import { reportFor } from '../../support/fixtures.js'
import { call } from '../../support/http.js'
import { addCustomer, fastSend, logRows, notifyEnv, setPrefs, storeEvent } from './setup.js'

const MIN = 60_000

/** Five monitored nodes (plus a blocked and an unmonitored one that do not count); all report at 04:30. */
async function fleet() {
  const ctx = await notifyEnv()
  for (const id of ['node-a', 'node-b', 'node-c', 'node-d', 'node-e']) await addCustomer(ctx.env, id)
  await addCustomer(ctx.env, 'node-blocked', { blocked: true })
  await call(ctx.env, 'POST', '/api/v1/report', {
    body: reportFor('node-off', { monitoring_enabled: false }),
  })
  // 31 minutes later (stale_threshold is 30m) only node-e has reported again.
  ctx.env.clock.advance(31 * MIN)
  await call(ctx.env, 'POST', '/api/v1/report', { body: reportFor('node-e') })
  return ctx
}

describe('fleet-wide outage', () => {
  it('sends the operator one email naming the nodes when most go stale at once', async () => {
    const { env, fake } = await fleet()
    await setPrefs(env, 'node-a', ['node_stale'])
    const events = await Promise.all(
      ['node-a', 'node-b', 'node-c', 'node-d'].map((id) => storeEvent(env, id, 'node_stale')),
    )

    await Promise.all(events.map((e) => dispatchEvent(env, e, fastSend())))

    const toOperator = fake.emails.filter((m) => m.to === 'ops@felhom.test')
    expect(toOperator).toHaveLength(1)
    expect(toOperator[0].subject).toBe('[felhom] ERROR fleet outage: 4 of 5 nodes stale')
    for (const id of ['node-a', 'node-b', 'node-c', 'node-d']) expect(toOperator[0].text).toContain(id)
    expect(toOperator[0].text).not.toContain('node-e')
    expect(toOperator[0].text).not.toContain('node-blocked')

    const rows = await logRows(env)
    const perNode = rows.filter((r) => r.channel === 'operator' && r.event_type === 'node_stale')
    expect(perNode.map((r) => [r.status, r.reason])).toEqual(Array(4).fill(['skipped', 'fleet_outage']))
    expect(rows.filter((r) => r.event_type === 'fleet_outage:node_stale')).toEqual([
      expect.objectContaining({ status: 'sent', customer_id: null }),
    ])

    // The customer channel is unaffected: node-a asked to hear about it.
    expect(fake.emails.filter((m) => m.to === 'node-a@example.hu').map((m) => m.subject)).toEqual([
      'Felhom: Egy ideje nem jelentkezett a gépe',
    ])
  })

  it('sees the whole wave already at the first event, before the others are written', async () => {
    const { env, fake } = await fleet()
    const first = await storeEvent(env, 'node-a', 'node_stale')
    await dispatchEvent(env, first, fastSend())
    for (const id of ['node-b', 'node-c']) {
      env.clock.advance(20_000)
      await dispatchEvent(env, await storeEvent(env, id, 'node_stale'), fastSend())
    }
    expect(fake.emails).toHaveLength(1)
    expect(fake.emails[0].subject).toBe('[felhom] ERROR fleet outage: 4 of 5 nodes stale')
  })

  it('emails per node as usual when only one node goes stale', async () => {
    const { env, fake } = await notifyEnv()
    for (const id of ['node-a', 'node-b', 'node-c']) await addCustomer(env, id)
    env.clock.advance(31 * MIN)
    for (const id of ['node-b', 'node-c']) await call(env, 'POST', '/api/v1/report', { body: reportFor(id) })
    await dispatchEvent(env, await storeEvent(env, 'node-a', 'node_stale'), fastSend())
    expect(fake.emails.map((m) => m.subject)).toEqual(['[felhom] WARNING node-a: node_stale'])
  })

  it('does not count nodes that went stale long ago as part of a new wave', async () => {
    const { env, fake } = await notifyEnv()
    for (const id of ['node-a', 'node-b', 'node-c']) await addCustomer(env, id)
    env.clock.advance(31 * MIN)
    for (const id of ['node-b', 'node-c']) await call(env, 'POST', '/api/v1/report', { body: reportFor(id) })
    // node-a was announced stale an hour before node-b goes stale.
    await dispatchEvent(env, await storeEvent(env, 'node-a', 'node_stale'), fastSend())
    env.clock.advance(60 * MIN)
    await call(env, 'POST', '/api/v1/report', { body: reportFor('node-c') })
    await env.db.execute({
      sql: 'UPDATE customer_configs SET last_report_at = ? WHERE customer_id = ?',
      args: [env.clock.now().getTime() - 31 * MIN, 'node-b'],
    })
    await dispatchEvent(env, await storeEvent(env, 'node-b', 'node_stale'), fastSend())
    expect(fake.emails.map((m) => m.subject)).toEqual([
      '[felhom] WARNING node-a: node_stale',
      '[felhom] WARNING node-b: node_stale',
    ])
  })

  it('turns one run of the staleness job over a failing fleet into one operator email', async () => {
    const { env, fake } = await fleet()
    const summary = await checkStaleness(env)
    await env.settle()
    expect(summary).toMatchObject({ stale: 4 })
    expect(fake.emails.map((m) => m.subject)).toEqual(['[felhom] ERROR fleet outage: 4 of 5 nodes stale'])
    const perNode = (await logRows(env)).filter(
      (r) => r.channel === 'operator' && r.event_type === 'node_stale',
    )
    expect(perNode.map((r) => r.reason)).toEqual(Array(4).fill('fleet_outage'))
  })
})
