import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { setBlocked } from '../../lib/store/customers.js'
import { checkBackupDeadline } from '../../scheduled/backup-deadline.js'
import { testEnv } from '../support/env.js'
import { hubEvents, sendEvent, sendReport } from '../support/scheduled-seed.js'

// 05:00 in Budapest: 04:00Z in winter, 03:00Z in summer.
async function envAt(reportAt: string, deadlineAt: string) {
  const env = await testEnv({ clock: fixedClock(reportAt) })
  await sendReport(env, 'kovacs-csalad')
  env.clock.set(deadlineAt)
  return env
}

const keys = async (env: Awaited<ReturnType<typeof testEnv>>) =>
  (await hubEvents(env)).map((e) => e.dedupe_key).sort()

describe('checkBackupDeadline', () => {
  it('reports a missing backup and database dump for the Budapest date', async () => {
    const env = await envAt('2026-11-29T03:30:00Z', '2026-11-29T04:00:00Z')
    expect(await checkBackupDeadline(env)).toMatchObject({
      date: '2026-11-29',
      checked: 1,
      backup_missed: 1,
      dbdump_missed: 1,
    })
    const events = await hubEvents(env)
    expect(events.map((e) => [e.event_type, e.severity, e.source])).toEqual([
      ['expected_backup_missed', 'warning', 'hub'],
      ['expected_dbdump_missed', 'warning', 'hub'],
    ])
    expect(await keys(env)).toEqual([
      'expected_backup_missed:kovacs-csalad:2026-11-29',
      'expected_dbdump_missed:kovacs-csalad:2026-11-29',
    ])
  })

  it('is satisfied by a completion after local midnight and not by one before it', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-28T22:59:00Z') }) // 23:59 on the 28th in Budapest
    await sendReport(env, 'kovacs-csalad')
    await sendEvent(env, 'kovacs-csalad', 'dbdump_completed')
    env.clock.set('2026-11-28T23:01:00Z') // 00:01 on the 29th
    await sendEvent(env, 'kovacs-csalad', 'backup_completed')
    env.clock.set('2026-11-29T04:00:00Z')
    expect(await checkBackupDeadline(env)).toMatchObject({ backup_missed: 0, dbdump_missed: 1 })
    expect((await hubEvents(env)).map((e) => e.event_type)).toEqual(['expected_dbdump_missed'])
  })

  it('records one event per customer and kind per date however often it runs', async () => {
    const env = await envAt('2026-11-29T03:30:00Z', '2026-11-29T04:00:00Z')
    await checkBackupDeadline(env)
    await checkBackupDeadline(env)
    await Promise.all([checkBackupDeadline(env), checkBackupDeadline(env), checkBackupDeadline(env)])
    env.clock.set('2026-11-29T09:00:00Z')
    await checkBackupDeadline(env)
    expect(await hubEvents(env)).toHaveLength(2)
  })

  it('judges the previous day when fired before 05:00', async () => {
    const env = await envAt('2026-11-28T12:00:00Z', '2026-11-29T02:00:00Z') // 03:00 on the 29th
    expect(await checkBackupDeadline(env)).toMatchObject({ date: '2026-11-28', backup_missed: 1 })
    env.clock.set('2026-11-29T04:00:00Z')
    expect(await checkBackupDeadline(env)).toMatchObject({ date: '2026-11-29', backup_missed: 1 })
    expect(await keys(env)).toEqual([
      'expected_backup_missed:kovacs-csalad:2026-11-28',
      'expected_backup_missed:kovacs-csalad:2026-11-29',
      'expected_dbdump_missed:kovacs-csalad:2026-11-28',
      'expected_dbdump_missed:kovacs-csalad:2026-11-29',
    ])
  })

  it('skips blocked customers and kinds the latest report does not enable', async () => {
    const env = await envAt('2026-11-29T03:00:00Z', '2026-11-29T03:00:00Z')
    await sendReport(env, 'no-dumps', { backups: { backup_enabled: true, dbdump_enabled: false } })
    await sendReport(env, 'no-backups-field', { backups: undefined })
    await sendReport(env, 'blocked-node')
    await setBlocked(env.db, 'blocked-node', true, Date.parse('2026-11-29T03:00:00Z'))
    env.clock.set('2026-11-29T04:00:00Z')
    await checkBackupDeadline(env)
    expect((await hubEvents(env)).map((e) => `${e.event_type}:${e.customer_id}`).sort()).toEqual([
      'expected_backup_missed:kovacs-csalad',
      'expected_backup_missed:no-dumps',
      'expected_dbdump_missed:kovacs-csalad',
    ])
  })

  it('uses the summer-time midnight on the day the clocks spring forward (2026-03-29)', async () => {
    // Midnight on the 29th is 23:00Z on the 28th (still CET); 05:00 that day is 03:00Z (CEST).
    const env = await testEnv({ clock: fixedClock('2026-03-28T22:59:00Z') })
    await sendReport(env, 'kovacs-csalad')
    await sendEvent(env, 'kovacs-csalad', 'dbdump_completed') // 23:59 on the 28th: too early
    env.clock.set('2026-03-28T23:00:00Z')
    await sendEvent(env, 'kovacs-csalad', 'backup_completed') // 00:00 on the 29th: counts
    env.clock.set('2026-03-29T02:59:00Z') // 04:59 CEST: the deadline has not come yet
    expect(await checkBackupDeadline(env)).toMatchObject({ date: '2026-03-28' })
    env.clock.set('2026-03-29T03:00:00Z')
    expect(await checkBackupDeadline(env)).toMatchObject({
      date: '2026-03-29',
      backup_missed: 0,
      dbdump_missed: 1,
    })
  })

  it('uses the summer-time midnight on the day the clocks fall back (2026-10-25)', async () => {
    // Midnight on the 25th is 22:00Z on the 24th (CEST); 05:00 that day is 04:00Z (CET).
    const env = await testEnv({ clock: fixedClock('2026-10-24T21:59:00Z') })
    await sendReport(env, 'kovacs-csalad')
    await sendEvent(env, 'kovacs-csalad', 'backup_completed') // 23:59 on the 24th: too early
    env.clock.set('2026-10-24T22:00:00Z')
    await sendEvent(env, 'kovacs-csalad', 'dbdump_completed') // 00:00 on the 25th: counts
    env.clock.set('2026-10-25T03:59:00Z') // 04:59 CET
    expect(await checkBackupDeadline(env)).toMatchObject({ date: '2026-10-24' })
    env.clock.set('2026-10-25T04:00:00Z')
    expect(await checkBackupDeadline(env)).toMatchObject({
      date: '2026-10-25',
      backup_missed: 1,
      dbdump_missed: 0,
    })
  })
})
