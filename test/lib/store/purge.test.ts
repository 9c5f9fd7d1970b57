// Purge erases every row the hub holds for one customer, in every table that names customers,
// and nothing of anyone else's.
import { describe, expect, it } from 'vitest'
import { forecastCustomer } from '../../../lib/disks/forecasts.js'
import { runRestoreDrill } from '../../../lib/dr/drill.js'
import { casAlertState } from '../../../lib/store/alert-state.js'
import { monthlyReportStatement } from '../../../lib/store/monthly-reports.js'
import { getCustomer } from '../../../lib/store/customers.js'
import { recordDecision } from '../../../lib/store/notification-log.js'
import { claimDecision } from '../../../lib/store/notification-decisions.js'
import { insertWindow } from '../../../lib/store/maintenance-windows.js'
import { insertAck } from '../../../lib/store/acknowledgements.js'
import { OUTLIVES_PURGE, customerHoldings, purgeCustomer, total } from '../../../lib/store/purge.js'
import { foldSamples } from '../../../lib/store/samples-hourly.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { fixtureInfraBackup } from '../../support/fixtures.js'
import { call } from '../../support/http.js'
import { queueAction } from '../../../lib/queued-actions/queue.js'
import { retryAfterReport } from '../../../lib/queued-actions/run.js'
import { storeDriftCheck } from '../../../lib/store/config-drift.js'
import { abortRollout, insertRollout, moveNode } from '../../../lib/store/rollouts.js'

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
  await claimDecision(
    env.db,
    { key: `purge-test:${id}`, customerId: id, eventType: 'backup_failed', since: 0 },
    now,
  )
  const window = { customerId: id, startsAt: now, endsAt: now + 3_600_000, reason: 'test', createdBy: 'test' }
  await insertWindow(env.db, window, now)
  await insertAck(env.db, { customerId: id, state: 'error', since: now, ackedAt: now, via: 'dashboard' })
  const wrong = await call(env, 'GET', `/api/v1/config/${id}`, {
    key: null,
    headers: { 'X-Retrieval-Password': 'wrong-password' },
  })
  expect(wrong.status).toBe(401)
  // Fleet operations: a queued action with one attempt (no controller URL: it stays queued), a
  // drift check's result, and a rollout that named the customer.
  await queueAction(env, id, 'push-config', null)
  await retryAfterReport(env, id)
  await storeDriftCheck(env.db, id, 'drift', 2, env.clock.now().getTime())
  const rollout = { version: '9.9.9', canary: id, percents: [100], deadlineMs: 60_000, soakMs: 0 }
  const rid = await insertRollout(
    env.db,
    { ...rollout, waves: [{ label: 'canary', nodes: [{ customerId: id, fromVersion: '1.0.0' }] }] },
    now,
  )
  const skip = { rolloutId: rid!, customerId: id, from: ['waiting' as const], to: 'skipped' as const }
  await moveNode(env.db, skip, now, { kind: 'skipped', message: 'test' })
  await abortRollout(env.db, rid!, now)
  // The households' tables: forecasts, DR readiness and drills, a monthly report.
  const c = (await getCustomer(env.db, id))!
  await forecastCustomer(env, c)
  await runRestoreDrill(env, c) // refreshes the readiness too
  const report = { subject: 'Havi jelentés', html: '<p>jelentés</p>', text: 'jelentés' }
  await env.db.execute(await monthlyReportStatement(`monthly-report:${id}:2026-11`, id, '2026-11', report, 0))
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
    if (!by || OUTLIVES_PURGE.includes(String(name))) continue
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
