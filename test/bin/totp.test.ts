// `npm run totp -- reset`: the last resort when the phone and the recovery codes are gone. It works
// against the configured database, like `npm run customer`, also while the hub runs.
import { describe, expect, it } from 'vitest'
import { SECRET_KEY } from '../support/env.js'
import { dashboardEnv, getPage, signIn } from '../support/dashboard.js'
import { runEntry } from '../support/process.js'
import { auditRows, enrolFactor } from '../support/second-factor.js'

describe('npm run totp', () => {
  it('reset removes the second factor and its recovery codes, ends every session, and is audited', async () => {
    const env = await dashboardEnv()
    await enrolFactor(env)
    const s = await signIn(env)
    const vars = { HUB_SERVER_DATA_DIR: env.dir, HUB_SERVER_SECRET_KEY: SECRET_KEY }

    const status = await runEntry('bin/totp.ts', ['status'], vars, env.dir)
    expect(status.code).toBe(0)
    expect(status.stdout).toMatch(
      /A second factor is set up since 2026-11-29T04:30:00\.000Z; 10 recovery codes left\./,
    )

    const reset = await runEntry('bin/totp.ts', ['reset'], vars, env.dir)
    expect([reset.code, reset.stderr]).toEqual([0, ''])
    expect(reset.stdout).toContain(
      'Second factor and recovery codes removed; every dashboard session has ended.',
    )
    for (const table of ['totp_factor', 'recovery_codes', 'sessions']) {
      const n = (await env.db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n
      expect([table, n]).toEqual([table, 0])
    }
    expect((await getPage(env, '/', s)).location).toBe('/login')

    const again = await runEntry('bin/totp.ts', ['reset'], vars, env.dir)
    expect(again.code).toBe(1)
    expect(again.stdout).toContain('No second factor was set up; nothing changed.')
    const rows = await auditRows(env, "action = 'totp_reset'")
    expect(rows.map((r) => [r.outcome, r.ip])).toEqual([
      ['ok', 'cli'],
      ['refused', 'cli'],
    ])
  })

  it('prints its usage for anything else', async () => {
    const env = await dashboardEnv()
    const res = await runEntry('bin/totp.ts', ['remove'], { HUB_SERVER_DATA_DIR: env.dir }, env.dir)
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('npm run totp -- reset')
  })
})
