import { describe, expect, it } from 'vitest'
import { getPreferences } from '../../../lib/store/preferences.js'
import { testEnv } from '../../support/env.js'
import { callJson } from '../../support/http.js'

describe('POST /api/v1/preferences', () => {
  it('stores the preferences with a 6 hour default cooldown, and replaces them on the next call', async () => {
    const env = await testEnv()
    const body = {
      customer_id: 'kovacs-csalad',
      email: 'kovacs@example.hu',
      enabled_events: ['backup_failed', 'node_down'],
    }
    const res = await callJson(env, 'POST', '/api/v1/preferences', { body })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ ok: true })
    expect(await getPreferences(env.db, 'kovacs-csalad')).toMatchObject({
      email: 'kovacs@example.hu',
      enabledEvents: ['backup_failed', 'node_down'],
      cooldownHours: 6,
    })
    await callJson(env, 'POST', '/api/v1/preferences', {
      body: { ...body, enabled_events: [], cooldown_hours: 0 },
    })
    expect(await getPreferences(env.db, 'kovacs-csalad')).toMatchObject({
      enabledEvents: [],
      cooldownHours: 0,
    })
  })

  it.each([
    ['email', { email: 'not-an-email' }],
    ['enabled_events[0]', { enabled_events: ['coffee_ready'] }],
    ['cooldown_hours', { cooldown_hours: 169 }],
    ['cooldown_hours', { cooldown_hours: -1 }],
    ['cooldown_hours', { cooldown_hours: 1.5 }],
  ])('refuses a bad %s', async (path, patch) => {
    const env = await testEnv()
    const body = { customer_id: 'kovacs-csalad', email: 'k@example.hu', enabled_events: [], ...patch }
    const res = await callJson(env, 'POST', '/api/v1/preferences', { body })
    expect(res.status).toBe(400)
    expect(res.json.error.details.map((d: any) => d.path)).toContain(path)
    expect(await getPreferences(env.db, 'kovacs-csalad')).toBeNull()
  })
})

describe('POST /api/v1/notify (legacy relay)', () => {
  it('accepts with 202 and keeps the message for the operator channel', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/notify', {
      body: {
        customer_id: 'kovacs-csalad',
        subject: 'Lemez betelt',
        message: '/mnt/hdd1 is 95% full',
        severity: 'error',
      },
    })
    expect(res.status).toBe(202)
    expect(res.json).toEqual({ ok: true })
    const rs = await env.db.execute('SELECT channel, subject, body, severity FROM notification_log')
    expect(rs.rows[0]).toMatchObject({
      channel: 'operator',
      subject: 'Lemez betelt',
      body: '/mnt/hdd1 is 95% full',
      severity: 'error',
    })
    const line = env.log.lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'legacy notification received')
    expect(line.request_id).toBe(res.headers.get('x-request-id'))
  })

  it('refuses a notification without a subject', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/notify', {
      body: { customer_id: 'kovacs-csalad', message: 'x' },
    })
    expect(res.status).toBe(400)
    expect(res.json.error.details[0].path).toBe('subject')
  })
})
