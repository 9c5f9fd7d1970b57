import { describe, expect, it } from 'vitest'
import { insertWindow } from '../../../lib/store/maintenance-windows.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { call, callJson } from '../../support/http.js'

const NOW = '2026-11-29T04:30:00Z'
const H = 3_600_000

async function twoCustomers(): Promise<{ env: TestEnv; kovacs: string; nagy: string }> {
  const env = await testEnv()
  const kovacs = (await managedCustomer(env, 'kovacs-csalad')).api_key
  const nagy = (await managedCustomer(env, 'nagy-bt')).api_key
  await sendReport(env, 'kovacs-csalad')
  await sendReport(env, 'nagy-bt')
  return { env, kovacs, nagy }
}

const post = (env: TestEnv, body: unknown, key?: string) =>
  callJson(env, 'POST', '/api/v1/maintenance', { body, key })
const windowCount = async (env: TestEnv) =>
  Number((await env.db.execute('SELECT count(*) AS n FROM maintenance_windows')).rows[0].n)

describe('POST /api/v1/maintenance', () => {
  it('opens a window for any customer with the global key, from now for the duration', async () => {
    const { env } = await twoCustomers()
    const res = await post(env, { customer_id: 'kovacs-csalad', duration: '2h', reason: 'disk swap' })
    expect(res.status).toBe(201)
    expect(res.json).toEqual({
      ok: true,
      window_id: expect.any(Number),
      starts_at: NOW,
      ends_at: '2026-11-29T06:30:00Z',
    })
    const list = await callJson(env, 'GET', '/api/v1/customers')
    const until = Object.fromEntries(
      list.json.customers.map((c: any) => [c.customer_id, c.maintenance_until]),
    )
    expect(until).toEqual({ 'kovacs-csalad': '2026-11-29T06:30:00Z', 'nagy-bt': null })
    const one = await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad')
    expect(one.json.maintenance_until).toBe('2026-11-29T06:30:00Z')
    expect(one.json.status).toBe('warn') // status keeps its values
  })

  it('lets a controller announce its own reboot with its key, with ends_at and a later start', async () => {
    const { env, kovacs } = await twoCustomers()
    const body = {
      customer_id: 'kovacs-csalad',
      starts_at: '2026-11-29T05:00:00Z',
      ends_at: '2026-11-29T05:20:00+00:00',
      self_update_to: '1.9.0',
    }
    const res = await post(env, body, kovacs)
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ starts_at: '2026-11-29T05:00:00Z', ends_at: '2026-11-29T05:20:00Z' })
    // Not begun yet: the summary says so only once it has.
    expect(
      (await callJson(env, 'GET', '/api/v1/customers', { key: kovacs })).json.customers[0].maintenance_until,
    ).toBeNull()
    env.clock.set('2026-11-29T05:10:00Z')
    expect(
      (await callJson(env, 'GET', '/api/v1/customers', { key: kovacs })).json.customers[0].maintenance_until,
    ).toBe('2026-11-29T05:20:00Z')
  })

  it('refuses a customer key acting for another customer with 403, and stores nothing', async () => {
    const { env, kovacs } = await twoCustomers()
    const res = await post(env, { customer_id: 'nagy-bt', duration: '1h' }, kovacs)
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('forbidden')
    expect(await windowCount(env)).toBe(0)
  })

  it.each([
    [{ customer_id: 'kovacs-csalad' }, 'ends_at'],
    [{ customer_id: 'kovacs-csalad', duration: '1h', ends_at: '2026-11-29T06:00:00Z' }, 'ends_at'],
    [{ customer_id: 'kovacs-csalad', duration: '8d' }, 'duration'],
    [{ customer_id: 'kovacs-csalad', duration: '0m' }, 'duration'],
    [{ customer_id: 'kovacs-csalad', duration: 'a while' }, 'duration'],
    [{ customer_id: 'kovacs-csalad', ends_at: '2026-11-29T04:00:00Z' }, 'ends_at'],
    [{ customer_id: 'kovacs-csalad', ends_at: '2026-12-07T05:00:00Z' }, 'ends_at'],
    [{ customer_id: 'kovacs-csalad', ends_at: 'tomorrow' }, 'ends_at'],
    [{ customer_id: 'kovacs-csalad', duration: '1h', starts_at: '2026-11-29T03:00:00Z' }, 'starts_at'],
    [{ customer_id: 'kovacs-csalad', duration: '1h', starts_at: '2027-02-01T00:00:00Z' }, 'starts_at'],
    [{ customer_id: 'kovacs-csalad', duration: '1h', reason: 'x'.repeat(501) }, 'reason'],
    [{ customer_id: 'Kovács', duration: '1h' }, 'customer_id'],
    [{ duration: '1h' }, 'customer_id'],
  ])('answers 400 naming the field, storing nothing: %j', async (body, path) => {
    const { env } = await twoCustomers()
    const res = await post(env, body)
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('validation_failed')
    expect(res.json.error.details.map((d: any) => d.path)).toContain(path)
    expect(await windowCount(env)).toBe(0)
  })

  it('answers 404 for a customer the hub does not know, and 400 for a body that is not JSON', async () => {
    const { env } = await twoCustomers()
    expect((await post(env, { customer_id: 'ismeretlen', duration: '1h' })).status).toBe(404)
    const bad = await call(env, 'POST', '/api/v1/maintenance', { body: '{"customer_id":', headers: {} })
    expect(bad.status).toBe(400)
    expect((await call(env, 'POST', '/api/v1/maintenance', { key: null, body: {} })).status).toBe(401)
  })
})

describe('DELETE /api/v1/maintenance/{window_id}', () => {
  it('ends a window now: 200 with its real end, and the customer is out of maintenance', async () => {
    const { env, kovacs } = await twoCustomers()
    const { json } = await post(env, { customer_id: 'kovacs-csalad', duration: '4h' }, kovacs)
    env.clock.advance(H)
    const res = await callJson(env, 'DELETE', `/api/v1/maintenance/${json.window_id}`, { key: kovacs })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      ok: true,
      window_id: json.window_id,
      starts_at: NOW,
      ends_at: '2026-11-29T05:30:00Z',
    })
    expect((await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad')).json.maintenance_until).toBeNull()
    // Deleting it again changes nothing.
    env.clock.advance(H)
    const again = await callJson(env, 'DELETE', `/api/v1/maintenance/${json.window_id}`)
    expect(again.json.ends_at).toBe('2026-11-29T05:30:00Z')
  })

  it('cancels a planned window so it never begins, answering an end no earlier than its start', async () => {
    const { env, kovacs } = await twoCustomers()
    const body = { customer_id: 'kovacs-csalad', starts_at: '2026-11-30T02:00:00Z', duration: '1h' }
    const { json } = await post(env, body, kovacs)
    const res = await callJson(env, 'DELETE', `/api/v1/maintenance/${json.window_id}`, { key: kovacs })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      ok: true,
      window_id: json.window_id,
      starts_at: '2026-11-30T02:00:00Z',
      ends_at: '2026-11-30T02:00:00Z',
    })
    env.clock.set('2026-11-30T02:30:00Z')
    expect((await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad')).json.maintenance_until).toBeNull()
    const again = await callJson(env, 'DELETE', `/api/v1/maintenance/${json.window_id}`, { key: kovacs })
    expect(again.json).toEqual(res.json)
  })

  it("answers 403 for another customer's window or a fleet-wide one with a customer key, 404 for an unknown id", async () => {
    const { env, kovacs } = await twoCustomers()
    const nagys = (await post(env, { customer_id: 'nagy-bt', duration: '1h' })).json.window_id
    const now = env.clock.now().getTime()
    const fleet = await insertWindow(
      env.db,
      { customerId: null, startsAt: now, endsAt: now + H, reason: 'hub upgrade', createdBy: 'dashboard' },
      now,
    )
    expect((await callJson(env, 'DELETE', `/api/v1/maintenance/${nagys}`, { key: kovacs })).status).toBe(403)
    expect((await callJson(env, 'DELETE', `/api/v1/maintenance/${fleet}`, { key: kovacs })).status).toBe(403)
    expect((await callJson(env, 'DELETE', '/api/v1/maintenance/9999', { key: kovacs })).status).toBe(404)
    expect((await callJson(env, 'DELETE', '/api/v1/maintenance/abc')).status).toBe(400)
    const until = (await callJson(env, 'GET', '/api/v1/customers/nagy-bt')).json.maintenance_until
    expect(until).toBe('2026-11-29T05:30:00Z')
  })
})
