import { describe, expect, it } from 'vitest'
import { CONTROLLER_EVENT_TYPES } from '../../../lib/events/types.js'
import { eventById } from '../../../lib/store/events.js'
import { testEnv } from '../../support/env.js'
import { callJson } from '../../support/http.js'

const event = (patch: Record<string, unknown> = {}) => ({
  customer_id: 'kovacs-csalad',
  event_type: 'backup_failed',
  severity: 'error',
  message: 'restic: repository locked',
  ...patch,
})

describe('POST /api/v1/event', () => {
  it('stores the event with 201 and its id, keeping unknown fields', async () => {
    const env = await testEnv()
    const first = await callJson(env, 'POST', '/api/v1/event', {
      body: event({
        details: { repo: '/mnt/hdd1/.restic' },
        occurred_at: '2026-11-29T02:00:41Z',
        source: 'controller',
        attempt: 3,
      }),
    })
    expect(first.status).toBe(201)
    expect(first.json).toEqual({ ok: true, event_id: expect.any(Number) })
    const second = await callJson(env, 'POST', '/api/v1/event', { body: event() })
    expect(second.json.event_id).toBeGreaterThan(first.json.event_id)
    const stored = await eventById(env.db, first.json.event_id)
    expect(stored).toMatchObject({
      customerId: 'kovacs-csalad',
      eventType: 'backup_failed',
      severity: 'error',
      source: 'controller',
      details: { repo: '/mnt/hdd1/.restic' },
      extra: { attempt: 3 },
      occurredAt: '2026-11-29T02:00:41Z',
    })
  })

  it('accepts every one of the 27 controller event types', async () => {
    const env = await testEnv()
    expect(CONTROLLER_EVENT_TYPES).toHaveLength(27)
    for (const t of CONTROLLER_EVENT_TYPES) {
      expect((await callJson(env, 'POST', '/api/v1/event', { body: event({ event_type: t }) })).status).toBe(
        201,
      )
    }
  })

  it('refuses an unknown type, naming the allowed types', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/event', { body: event({ event_type: 'disk_exploded' }) })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('validation_failed')
    expect(res.json.error.details[0].path).toBe('event_type')
    expect(res.json.error.details[0].message).toContain('backup_completed')
    expect(res.json.error.details[0].message).toContain('config_apply_failed')
  })

  it.each([
    'node_stale',
    'node_down',
    'node_recovered',
    'expected_backup_missed',
    'expected_dbdump_missed',
    'config_drift',
    'config_drift_resolved',
    'rollout_halted',
    'rollout_completed',
  ])('refuses the hub’s own type %s from a controller', async (t) => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/event', { body: event({ event_type: t }) })
    expect(res.status).toBe(400)
    expect(res.json.error.details[0].path).toBe('event_type')
    expect((await env.db.execute('SELECT count(*) AS n FROM events')).rows[0].n).toBe(0)
  })

  it.each([
    ['severity', { severity: 'critical' }],
    ['message', { message: 'x'.repeat(2001) }],
    ['details', { details: ['not', 'an', 'object'] }],
    ['details', { details: { blob: 'x'.repeat(17 * 1024) } }],
    ['occurred_at', { occurred_at: 'last tuesday' }],
    ['source', { source: 'hub' }],
  ])('refuses a bad %s', async (path, patch) => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/event', { body: event(patch) })
    expect(res.status).toBe(400)
    expect(res.json.error.details.map((d: any) => d.path)).toContain(path)
  })

  it('accepts a message of exactly 2000 characters', async () => {
    const env = await testEnv()
    expect(
      (await callJson(env, 'POST', '/api/v1/event', { body: event({ message: 'é'.repeat(2000) }) })).status,
    ).toBe(201)
  })

  it('refuses a body over 64 KiB with 413', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/event', {
      body: event({ padding: 'x'.repeat(65 * 1024) }),
    })
    expect(res.status).toBe(413)
  })
})
