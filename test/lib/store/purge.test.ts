// Purge erases every row the hub holds for one customer, in every table that names customers,
// and nothing of anyone else's.
import { describe, expect, it } from 'vitest'
import { casAlertState } from '../../../lib/store/alert-state.js'
import { getCustomer } from '../../../lib/store/customers.js'
import { recordDecision } from '../../../lib/store/notification-log.js'
import { customerHoldings, purgeCustomer, total } from '../../../lib/store/purge.js'
import { foldSamples } from '../../../lib/store/samples-hourly.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { fixtureInfraBackup } from '../../support/fixtures.js'
import { call } from '../../support/http.js'

/** A customer with a row in every table that can hold one, made through the hub's own paths. */
async function everything(env: TestEnv, id: string) {
  await managedCustomer(env, id)
  // A sample from ten days ago, folded into an hourly row as the prune job would, then today's.
  const now = env.clock.now().getTime()
  env.clock.set(now - 10 * 86_400_000)
  await sendReport(env, id)
  env.clock.set(now)
  const { ref } = (await getCustomer(env.db, id))!
  await foldSamples(env.db, ref, Math.floor((now - 9 * 86_400_000) / 1000), 100)
  await sendReport(env, id)
  const event = { customer_id: id, event_type: 'backup_failed', severity: 'error', message: 'restic failed' }
  const keyed = { body: event, headers: { 'Idempotency-Key': `purge-test-${id}` } }
  expect((await call(env, 'POST', '/api/v1/event', keyed)).status).toBe(201)
  const backup = { ...fixtureInfraBackup(), customer_id: id }
  expect((await call(env, 'POST', '/api/v1/infra-backup', { body: backup })).status).toBe(201)
  const prefs = { customer_id: id, email: `${id}@example.test`, enabled_events: ['backup_failed'] }
  expect((await call(env, 'POST', '/api/v1/preferences', { body: prefs })).status).toBe(200)
  const entry = {
    customerId: id,
    eventId: null,
    channel: 'customer' as const,
    recipient: `${id}@example.test`,
    eventType: 'backup_failed',
    severity: 'error',
    subject: null,
    body: null,
    idempotencyKey: `purge-test:${id}`,
  }
  await recordDecision(env.db, entry, 'skipped', 'test', env.clock.now().getTime())
  await casAlertState(env.db, id, 'ok', 'stale', env.clock.now().getTime())
  const wrong = await call(env, 'GET', `/api/v1/config/${id}`, {
    key: null,
    headers: { 'X-Retrieval-Password': 'wrong-password' },
  })
  expect(wrong.status).toBe(401)
}

/** Every table with a column that names a customer, and how many rows each holds for `id`. */
async function rowsNaming(env: TestEnv, id: string, ref: number) {
  const tables = await env.db.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  )
  const counts: Record<string, number> = {}
  for (const { name } of tables.rows) {
    const cols = (await env.db.execute(`PRAGMA table_info(${name})`)).rows.map((c) => String(c.name))
    const by = cols.includes('customer_id')
      ? 'customer_id'
      : cols.includes('customer_ref')
        ? 'customer_ref'
        : null
    if (!by) continue
    const rs = await env.db.execute({
      sql: `SELECT count(*) AS n FROM ${name} WHERE ${by} = ?`,
      args: [by === 'customer_id' ? id : ref],
    })
    counts[String(name)] = Number(rs.rows[0].n)
  }
  const throttle = await env.db.execute({
    sql: 'SELECT count(*) AS n FROM throttle WHERE key = ?',
    args: [`config:${id}`],
  })
  counts.throttle = Number(throttle.rows[0].n)
  return counts
}

describe('purgeCustomer', () => {
  it('erases the customer from every table that names customers and leaves the others whole', async () => {
    const env = await testEnv()
    await everything(env, 'torlendo')
    await everything(env, 'marado')
    const gone = (await getCustomer(env.db, 'torlendo'))!.ref
    const kept = (await getCustomer(env.db, 'marado'))!.ref
    const before = await rowsNaming(env, 'torlendo', gone)
    // The fixture reaches every such table, so a table a purge forgot would show up here.
    for (const [table, n] of Object.entries(before)) expect(n, table).toBeGreaterThan(0)
    const othersBefore = await rowsNaming(env, 'marado', kept)

    const counted = await customerHoldings(env.db, 'torlendo')
    const erased = await purgeCustomer(env.db, 'torlendo')
    expect(erased).toEqual(counted)
    expect(total(erased)).toBe(total(before))

    const after = await rowsNaming(env, 'torlendo', gone)
    for (const [table, n] of Object.entries(after)) expect(n, table).toBe(0)
    expect(await rowsNaming(env, 'marado', kept)).toEqual(othersBefore)
    expect(total(await customerHoldings(env.db, 'torlendo'))).toBe(0)
  })
})
