import { describe, expect, it } from 'vitest'
import { testEnv } from '../../support/env.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { callJson } from '../../support/http.js'
import { prune } from '../../../scheduled/prune.js'

const MIN = 60_000
const statusOf = async (env: Awaited<ReturnType<typeof testEnv>>, id: string) =>
  (await callJson(env, 'GET', '/api/v1/customers')).json.customers.find((c: any) => c.customer_id === id)
    ?.status

describe('GET /api/v1/customers', () => {
  it('summarises each customer with the contract’s fields', async () => {
    const env = await testEnv()
    await managedCustomer(env, 'kovacs-csalad', { displayName: 'Kovács család' })
    await sendReport(env, 'kovacs-csalad')
    await callJson(env, 'POST', '/api/v1/event', {
      body: {
        customer_id: 'kovacs-csalad',
        event_type: 'backup_failed',
        severity: 'error',
        message: 'restic exited 1',
      },
    })
    const res = await callJson(env, 'GET', '/api/v1/customers')
    expect(res.status).toBe(200)
    expect(res.json.customers).toEqual([
      {
        customer_id: 'kovacs-csalad',
        display_name: 'Kovács család',
        status: 'warn',
        config_type: 'managed',
        last_report_at: '2026-11-29T04:30:00Z',
        controller_version: '1.8.2',
        hostname: 'felhom-kovacs',
        health: 'warn',
        events_24h: { error: 1, warning: 0 },
        maintenance_until: null,
      },
    ])
  })

  /** `n` customers straight into the table (ids sort as numbered), one with a 24-hour error. */
  async function fleetOf(env: Awaited<ReturnType<typeof testEnv>>, n: number) {
    const now = env.clock.now().getTime()
    for (let i = 0; i < n; i += 500) {
      const ids = Array.from(
        { length: Math.min(500, n - i) },
        (_, k) => `home-${String(i + k).padStart(5, '0')}`,
      )
      await env.db.execute({
        sql: `INSERT INTO customer_configs (customer_id, config_type, created_at, updated_at, last_report_at, health, hostname)
              VALUES ${ids.map(() => "(?, 'manual', 0, 0, ?, 'ok', ?)").join(', ')}`,
        args: ids.flatMap((id) => [id, now, `felhom-${id}`]),
      })
    }
    await callJson(env, 'POST', '/api/v1/event', {
      body: {
        customer_id: 'home-00777',
        event_type: 'backup_failed',
        severity: 'error',
        message: 'restic exited 1',
      },
    })
  }

  it('lists every customer of a fleet larger than one streamed page, in id order', async () => {
    const env = await testEnv()
    await fleetOf(env, 1203)
    const res = await callJson(env, 'GET', '/api/v1/customers')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const ids = res.json.customers.map((c: any) => c.customer_id)
    expect(ids).toHaveLength(1203)
    expect(ids).toEqual([...ids].sort())
    expect(new Set(ids).size).toBe(1203)
    expect(res.json.customers[777]).toMatchObject({
      customer_id: 'home-00777',
      status: 'ok',
      hostname: 'felhom-home-00777',
      events_24h: { error: 1, warning: 0 },
    })
    expect(Object.keys(res.json)).toEqual(['customers'])
  })

  it('pages with ?limit= and the cursor it hands out, ending with next_cursor null', async () => {
    const env = await testEnv()
    await fleetOf(env, 1203)
    const seen: string[] = []
    let url = '/api/v1/customers?limit=500'
    for (let page = 0; ; page++) {
      const res = await callJson(env, 'GET', url)
      expect(res.status).toBe(200)
      seen.push(...res.json.customers.map((c: any) => c.customer_id))
      if (res.json.next_cursor === null) break
      expect(page).toBeLessThan(3)
      url = `/api/v1/customers?limit=500&cursor=${res.json.next_cursor}`
    }
    expect(seen).toHaveLength(1203)
    expect(seen).toEqual(
      (await callJson(env, 'GET', '/api/v1/customers')).json.customers.map((c: any) => c.customer_id),
    )
  })

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=5&cursor=%%%', 'cursor'],
    ['cursor=QkFE', 'cursor'], // "BAD": not a customer id
  ])('refuses ?%s with 400 naming %s', async (query, path) => {
    const env = await testEnv()
    const res = await callJson(env, 'GET', `/api/v1/customers?${query}`)
    expect(res.status).toBe(400)
    expect(res.json.error.details[0].path).toBe(path)
  })

  it('derives status in the contract’s order as time passes', async () => {
    const env = await testEnv()
    await sendReport(env, 'ok-node', { health: { status: 'ok' } })
    expect(await statusOf(env, 'ok-node')).toBe('ok')
    env.clock.advance(30 * MIN) // exactly the threshold: not yet older than it
    expect(await statusOf(env, 'ok-node')).toBe('ok')
    env.clock.advance(1000)
    expect(await statusOf(env, 'ok-node')).toBe('warn')
    env.clock.advance(30 * MIN)
    expect(await statusOf(env, 'ok-node')).toBe('down')
    await sendReport(env, 'ok-node', { health: { status: 'ok' } })
    expect(await statusOf(env, 'ok-node')).toBe('ok')
  })

  it.each([
    ['fail health is down', { health: { status: 'fail' } }, 'down'],
    ['warn health is warn', { health: { status: 'warn' } }, 'warn'],
    [
      'monitoring disabled wins over fail',
      { monitoring_enabled: false, health: { status: 'fail' } },
      'disabled',
    ],
  ])('%s', async (_label, patch, expected) => {
    const env = await testEnv()
    await sendReport(env, 'node-a', patch)
    expect(await statusOf(env, 'node-a')).toBe(expected)
  })

  it('shows a managed customer without reports as pending, and a blocked one as blocked', async () => {
    const env = await testEnv()
    await managedCustomer(env, 'new-customer')
    await managedCustomer(env, 'blocked-one')
    await sendReport(env, 'blocked-one', { monitoring_enabled: false })
    await env.db.execute("UPDATE customer_configs SET blocked = 1 WHERE customer_id = 'blocked-one'")
    expect(await statusOf(env, 'new-customer')).toBe('pending')
    expect(await statusOf(env, 'blocked-one')).toBe('blocked')
  })

  it('counts only the last 24 hours of errors and warnings', async () => {
    const env = await testEnv()
    await sendReport(env, 'node-a')
    const post = (severity: string) =>
      callJson(env, 'POST', '/api/v1/event', {
        body: { customer_id: 'node-a', event_type: 'disk_space_warning', severity, message: 'm' },
      })
    await post('warning')
    env.clock.advance(23 * 60 * MIN)
    await post('warning')
    await post('error')
    await post('info')
    env.clock.advance(2 * 60 * MIN)
    const c = (await callJson(env, 'GET', '/api/v1/customers')).json.customers[0]
    expect(c.events_24h).toEqual({ error: 1, warning: 1 })
  })
})

describe('GET /api/v1/customers/{id}', () => {
  it('is 404 for a customer without a report, 400 for an invalid id', async () => {
    const env = await testEnv()
    await managedCustomer(env, 'no-report')
    expect((await callJson(env, 'GET', '/api/v1/customers/no-report')).json.error.code).toBe('not_found')
    expect((await callJson(env, 'GET', '/api/v1/customers/unknown-one')).status).toBe(404)
    expect((await callJson(env, 'GET', '/api/v1/customers/Bad_Id')).status).toBe(400)
  })

  it('returns the latest report, not an older one', async () => {
    const env = await testEnv()
    await sendReport(env, 'node-a', { hostname: 'first' })
    env.clock.advance(15 * MIN)
    await sendReport(env, 'node-a', { hostname: 'second' })
    const res = await callJson(env, 'GET', '/api/v1/customers/node-a')
    expect(res.json.report.hostname).toBe('second')
    expect(res.json.received_at).toBe('2026-11-29T04:45:00Z')
  })
})

describe('GET /api/v1/customers/{id}/history', () => {
  it('returns points oldest first within the period, default 7d', async () => {
    const env = await testEnv()
    for (let i = 0; i < 4; i++) {
      await sendReport(env, 'node-a', {
        system: { cpu_percent: 10 + i, load1: 0.5, memory_total_bytes: 200, memory_used_bytes: 50 },
      })
      env.clock.advance(3 * 24 * 60 * MIN) // 3 days apart
    }
    const week = await callJson(env, 'GET', '/api/v1/customers/node-a/history')
    expect(week.json.period).toBe('7d')
    expect(week.json.points.map((p: any) => p.cpu_percent)).toEqual([12, 13])
    const day = await callJson(env, 'GET', '/api/v1/customers/node-a/history?period=4d')
    expect(day.json.points).toEqual([
      {
        received_at: '2026-12-08T04:30:00Z',
        health: 'warn',
        cpu_percent: 13,
        load1: 0.5,
        memory_used_percent: 25,
        disk_used_percent_max: 83,
        temperature_c: null,
        containers_running: 14,
        containers_total: 14,
      },
    ])
  })

  it('answers one point per hour beyond the raw week, in the same shape, before and after the prune folds it', async () => {
    const env = await testEnv()
    for (const [min, cpu, health] of [
      [0, 10, 'ok'],
      [15, 30, 'fail'],
      [30, 20, 'ok'],
    ] as const) {
      env.clock.set(Date.parse('2026-11-29T04:00:00Z') + min * MIN)
      await sendReport(env, 'node-a', { system: { cpu_percent: cpu }, health: { status: health } })
    }
    env.clock.set(Date.parse('2026-12-09T04:00:00Z'))
    const point = {
      received_at: '2026-11-29T04:00:00Z',
      health: 'fail',
      cpu_percent: 20,
      load1: null,
      memory_used_percent: null,
      disk_used_percent_max: 83,
      temperature_c: null,
      containers_running: 14,
      containers_total: 14,
    }
    const month = await callJson(env, 'GET', '/api/v1/customers/node-a/history?period=30d')
    expect(month.json.points).toEqual([point])
    expect(await prune(env)).toMatchObject({ downsampled: 3 })
    expect((await callJson(env, 'GET', '/api/v1/customers/node-a/history?period=30d')).json.points).toEqual([
      point,
    ])
    // Within the raw week, every sample (none left from ten days ago).
    expect((await callJson(env, 'GET', '/api/v1/customers/node-a/history?period=7d')).json.points).toEqual([])
  })

  it.each(['7w', 'abc', '-1d', '91d', '2200h'])('refuses period=%s with 400', async (period) => {
    const env = await testEnv()
    await sendReport(env, 'node-a')
    const res = await callJson(env, 'GET', `/api/v1/customers/node-a/history?period=${period}`)
    expect(res.status).toBe(400)
    expect(res.json.error.details[0].path).toBe('period')
  })

  it('is 404 for an unknown customer', async () => {
    const env = await testEnv()
    expect((await callJson(env, 'GET', '/api/v1/customers/ghost/history')).status).toBe(404)
  })
})
