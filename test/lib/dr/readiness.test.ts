// DR readiness per customer: the latest infra backup fresh, complete and readable; the last backup
// and cross-drive copy within the backup-deadline rule; and one dr_not_ready per customer that
// stops being ready.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { createSecrets } from '../../../lib/core/crypto.js'
import { refreshDrReadiness } from '../../../lib/dr/readiness.js'
import { getCustomer } from '../../../lib/store/customers.js'
import { drStateOf } from '../../../lib/store/dr.js'
import { infraBackupStatement } from '../../../lib/store/infra-backups.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { resendConfig, startFakeResend } from '../../support/fake-resend.js'
import { fixtureInfraBackup } from '../../support/fixtures.js'
import { call } from '../../support/http.js'
import { hubEvents, sendEvent, sendReport } from '../../support/scheduled-seed.js'

// Sunday 2026-11-29: 03:00 Budapest is 02:00Z, the 05:00 deadline 04:00Z, the daily check 04:15Z.
const NIGHT = '2026-11-29T02:00:00Z'
const CHECK = '2026-11-29T04:15:00Z'
const DAY = 86_400_000

async function pushInfraBackup(env: TestEnv, customerId: string, patch: Record<string, unknown> = {}) {
  const body = { ...fixtureInfraBackup(), customer_id: customerId, ...patch }
  expect((await call(env, 'POST', '/api/v1/infra-backup', { body })).status).toBe(201)
}

/** A household whose night went well: report, infra backup, backup and cross-drive copy. */
async function goodNight(env: TestEnv, customerId = 'kovacs-csalad') {
  env.clock.set(NIGHT)
  await sendReport(env, customerId)
  await pushInfraBackup(env, customerId)
  await sendEvent(env, customerId, 'backup_completed')
  await sendEvent(env, customerId, 'crossdrive_backup_completed')
  await env.settle()
  env.clock.set(CHECK)
}

const refresh = async (env: TestEnv, id = 'kovacs-csalad') =>
  refreshDrReadiness(env, (await getCustomer(env.db, id))!)

describe('DR readiness', () => {
  it('is ready after a good night', async () => {
    const env = await testEnv()
    await goodNight(env)
    const { state } = await refresh(env)
    expect(state).toMatchObject({ level: 'ready', reasons: [], infraVersion: 1 })
  })

  it('is not ready without an infra backup, or with one a restore could not use', async () => {
    const env = await testEnv({ clock: fixedClock(NIGHT) })
    await sendReport(env, 'kovacs-csalad')
    await sendEvent(env, 'kovacs-csalad', 'backup_completed')
    await sendEvent(env, 'kovacs-csalad', 'crossdrive_backup_completed')
    env.clock.set(CHECK)
    expect((await refresh(env)).state).toMatchObject({
      level: 'not_ready',
      reasons: ['no infra backup has been received'],
    })
    // The report says the node makes cross-drive copies: that password is needed too.
    await pushInfraBackup(env, 'kovacs-csalad', {
      restic: { primary_password: 'correct-horse-battery-staple-7Qx2' },
    })
    expect((await refresh(env)).state).toMatchObject({
      level: 'not_ready',
      reasons: [
        'the latest infra backup (version 1) fails the restore check "restic passwords": ' +
          'the cross-drive restic password is missing, and this node makes cross-drive copies',
      ],
    })
  })

  it('is not ready when the latest infra backup cannot be decrypted', async () => {
    const env = await testEnv()
    await goodNight(env)
    const other = await createSecrets('another-secret-key-0123456789-0123456789')
    const raw = new TextEncoder().encode(JSON.stringify(fixtureInfraBackup()))
    await env.db.execute(await infraBackupStatement(other, 'kovacs-csalad', 2, raw, Date.parse(CHECK)))
    expect((await refresh(env)).state).toMatchObject({
      level: 'not_ready',
      reasons: ['the latest infra backup (version 2) cannot be used: it cannot be decrypted'],
    })
  })

  it('is at risk with a stale infra backup or a missed backup or cross-drive copy', async () => {
    const env = await testEnv()
    await goodNight(env)
    // Eight days on: the infra backup is old, and no backup or copy came since.
    env.clock.set(Date.parse(CHECK) + 8 * DAY)
    await sendReport(env, 'kovacs-csalad')
    await sendEvent(env, 'kovacs-csalad', 'backup_completed')
    expect((await refresh(env)).state).toMatchObject({
      level: 'at_risk',
      reasons: [
        'the latest infra backup is 8 days old (more than 7)',
        'no cross-drive copy completed on 2026-12-07 by 05:00 (Budapest)',
      ],
    })
    await sendReport(env, 'kovacs-csalad', { backups: { backup_enabled: false } })
    expect((await refresh(env)).state.reasons).toEqual([
      'the latest infra backup is 8 days old (more than 7)',
      'backups are switched off on the controller',
    ])
  })

  it('judges the backups by the last 05:00 deadline: before it, last night still counts', async () => {
    const env = await testEnv()
    await goodNight(env)
    env.clock.set(Date.parse(CHECK) + DAY - 2 * 3_600_000) // 03:15 the next day
    expect((await refresh(env)).state.level).toBe('ready')
    env.clock.set(Date.parse(CHECK) + DAY) // 05:15: the new day's deadline has passed
    expect((await refresh(env)).state).toMatchObject({
      level: 'at_risk',
      reasons: [
        'no backup completed on 2026-11-30 by 05:00 (Budapest)',
        'no cross-drive copy completed on 2026-11-30 by 05:00 (Budapest)',
      ],
    })
  })

  it('tells the operator once when a customer stops being ready, however many checks run', async () => {
    const fake = await startFakeResend()
    const env = await testEnv({ config: { notifications: resendConfig(fake) } })
    await goodNight(env)
    await refresh(env)
    env.clock.set(Date.parse(CHECK) + DAY)
    const runs = await Promise.all([refresh(env), refresh(env), refresh(env)])
    expect(runs.filter((r) => r.announced)).toHaveLength(1)
    await refresh(env)
    await env.settle()
    const events = await hubEvents(env, 'dr_not_ready')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ severity: 'warning', customer_id: 'kovacs-csalad' })
    const emails = fake.emails.filter((e) => e.to === 'ops@felhom.test')
    expect(emails).toHaveLength(1)
    expect(emails[0].text).toContain('is no longer ready for a restore (at risk)')
    expect(emails[0].text).toContain('no backup completed on 2026-11-30 by 05:00 (Budapest)')
    // Staying not ready is no new transition; ready again and then not is a new one.
    expect((await drStateOf(env.db, 'kovacs-csalad'))!.level).toBe('at_risk')
    env.clock.set(Date.parse(NIGHT) + 2 * DAY)
    await sendEvent(env, 'kovacs-csalad', 'backup_completed')
    await sendEvent(env, 'kovacs-csalad', 'crossdrive_backup_completed')
    await pushInfraBackup(env, 'kovacs-csalad')
    await env.settle() // the pushes refresh the readiness after their response
    expect((await drStateOf(env.db, 'kovacs-csalad'))!.level).toBe('ready')
    env.clock.set(Date.parse(CHECK) + 3 * DAY)
    expect((await refresh(env)).announced).toBe(true)
    expect(await hubEvents(env, 'dr_not_ready')).toHaveLength(2)
  })

  it('records the first assessment of a customer without announcing it', async () => {
    const env = await testEnv({ clock: fixedClock(CHECK) })
    await sendReport(env, 'kovacs-csalad')
    expect((await refresh(env)).announced).toBe(false)
    expect(await hubEvents(env, 'dr_not_ready')).toEqual([])
  })
})
