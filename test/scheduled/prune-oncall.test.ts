// The prune job keeps the on-call tables bounded: state changes as long as the 90-day uptime needs
// them, decisions, ended windows and acknowledgements as long as retention.max_days.
import { describe, expect, it } from 'vitest'
import { customerUptime } from '../../lib/oncall/uptime.js'
import { insertAck } from '../../lib/store/acknowledgements.js'
import { insertWindow, markEndChecked } from '../../lib/store/maintenance-windows.js'
import { claimDecision } from '../../lib/store/notification-decisions.js'
import { prune } from '../../scheduled/prune.js'
import { testEnv } from '../support/env.js'

const DAY = 86_400_000

describe('prune of the on-call tables', () => {
  it("drops state changes older than 90 days but each node's state when the kept history begins", async () => {
    const env = await testEnv({ config: { retention: { max_days: 30 } } as never })
    const now = env.clock.now().getTime()
    const rows: [number, string][] = [
      [-200, 'ok'],
      [-150, 'down'],
      [-100, 'ok'],
      [-10, 'down'],
      [-9, 'ok'],
    ]
    for (const [d, state] of rows)
      await env.db.execute({
        sql: 'INSERT INTO state_changes (customer_id, at, state) VALUES (?, ?, ?)',
        args: ['kovacs-csalad', now + d * DAY, state],
      })
    const before = await customerUptime(env, 'kovacs-csalad')
    const summary = await prune(env)
    expect(summary.deleted.state_changes).toBe(2)
    const left = await env.db.execute('SELECT at FROM state_changes ORDER BY at')
    expect(left.rows.map((r) => Math.round((Number(r.at) - now) / DAY))).toEqual([-100, -10, -9])
    expect(await customerUptime(env, 'kovacs-csalad')).toEqual(before)
    expect(before['90d']).toBe(98.88)
  })

  it('drops decisions, ended windows and acknowledgements older than retention.max_days', async () => {
    const env = await testEnv({ config: { retention: { max_days: 30 } } as never })
    const now = env.clock.now().getTime()
    const old = now - 31 * DAY
    const customerId = 'kovacs-csalad'
    await claimDecision(env.db, { key: 'old', customerId, eventType: 'backup_failed', since: 0 }, old)
    await claimDecision(env.db, { key: 'new', customerId, eventType: 'smart_warning', since: 0 }, now)
    const ended = await insertWindow(
      env.db,
      { customerId, startsAt: old, endsAt: old + DAY / 2, reason: '', createdBy: 'test' },
      old,
    )
    await markEndChecked(env.db, ended, old + DAY)
    await insertWindow(
      env.db,
      { customerId, startsAt: old, endsAt: old + DAY, reason: '', createdBy: 'test' },
      old,
    )
    await insertAck(env.db, { customerId, state: 'down', since: old - DAY, ackedAt: old, via: 'link' })
    await insertAck(env.db, { customerId, state: 'down', since: now - DAY, ackedAt: now, via: 'link' })

    const summary = await prune(env)
    expect(summary.deleted).toMatchObject({
      notification_decisions: 1,
      maintenance_windows: 1,
      acknowledgements: 1,
    })
    const count = async (t: string) =>
      Number((await env.db.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0].n)
    // The window whose end the staleness job has not looked at yet stays until it has.
    expect([
      await count('notification_decisions'),
      await count('maintenance_windows'),
      await count('acknowledgements'),
    ]).toEqual([1, 1, 1])
  })
})
