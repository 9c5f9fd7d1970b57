// POST /api/v1/preferences "monthly_report": an optional boolean. Absent (or null) keeps what was
// chosen, so a controller that predates the field neither switches the report off nor undoes the
// operator's toggle.
import { describe, expect, it } from 'vitest'
import { getPreferences } from '../../../lib/store/preferences.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { callJson } from '../../support/http.js'

const base = { customer_id: 'kovacs-csalad', email: 'kovacs@example.hu', enabled_events: ['backup_failed'] }
const post = (env: TestEnv, patch: Record<string, unknown>) =>
  callJson(env, 'POST', '/api/v1/preferences', { body: { ...base, ...patch } })
const choice = async (env: TestEnv) => (await getPreferences(env.db, 'kovacs-csalad'))?.monthlyReport

describe('POST /api/v1/preferences with monthly_report', () => {
  it('stores the choice; without the field the choice stays as it was', async () => {
    const env = await testEnv()
    expect((await post(env, {})).status).toBe(200)
    expect(await choice(env)).toBeNull()
    expect((await post(env, { monthly_report: true })).status).toBe(200)
    expect(await choice(env)).toBe(true)
    await post(env, { cooldown_hours: 12 })
    await post(env, { monthly_report: null })
    expect(await choice(env)).toBe(true)
    expect((await getPreferences(env.db, 'kovacs-csalad'))!.cooldownHours).toBe(6)
    await post(env, { monthly_report: false })
    expect(await choice(env)).toBe(false)
  })

  it('keeps it out of the unknown fields it keeps, and keeps those', async () => {
    const env = await testEnv()
    await post(env, { monthly_report: true, language: 'hu' })
    const rs = await env.db.execute(
      "SELECT extra FROM customer_notifications WHERE customer_id = 'kovacs-csalad'",
    )
    expect(JSON.parse(String(rs.rows[0].extra))).toEqual({ language: 'hu' })
  })

  it.each([['yes'], [1], [{}]])('refuses %j with 400 and stores nothing', async (value) => {
    const env = await testEnv()
    const res = await post(env, { monthly_report: value })
    expect(res.status).toBe(400)
    expect(res.json.error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'monthly_report', message: 'expected boolean' }],
    })
    expect(await getPreferences(env.db, 'kovacs-csalad')).toBeNull()
  })
})
