import { describe, expect, it } from 'vitest'
import { getCustomer } from '../../../lib/store/customers.js'
import { testEnv } from '../../support/env.js'
import { fixtureReport, reportFor } from '../../support/fixtures.js'
import { call, callJson } from '../../support/http.js'

describe('POST /api/v1/report', () => {
  it('stores the fixture report and answers with the hub receive time', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/report', { body: fixtureReport() })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ ok: true, received_at: '2026-11-29T04:30:00Z' })
    const c = await getCustomer(env.db, 'kovacs-csalad')
    expect(c?.configType).toBe('manual')
    expect(c?.lastReportAt).toBe(Date.parse('2026-11-29T04:30:00Z'))
  })

  it('keeps unknown fields and returns the report exactly as sent', async () => {
    const env = await testEnv()
    const sent = reportFor('nagy-bt', {
      future_field: { nested: [1, 2, 3] },
      system: { ...fixtureReport().system, npu_percent: 3 },
    })
    await call(env, 'POST', '/api/v1/report', { body: sent })
    const res = await callJson(env, 'GET', '/api/v1/customers/nagy-bt')
    expect(res.status).toBe(200)
    expect(res.json.report).toEqual(sent)
    expect(res.json.received_at).toBe('2026-11-29T04:30:00Z')
  })

  it('names the offending field when a known field has the wrong type', async () => {
    const env = await testEnv()
    const bad = reportFor('nagy-bt', { system: { cpu_percent: 'high' } })
    const res = await callJson(env, 'POST', '/api/v1/report', { body: bad })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('validation_failed')
    expect(res.json.error.details).toContainEqual({ path: 'system.cpu_percent', message: 'expected number' })
    expect(await getCustomer(env.db, 'nagy-bt')).toBeNull()
  })
})

describe('POST /api/v1/report: bad input stores nothing', () => {
  async function expectNothingStored(env: Awaited<ReturnType<typeof testEnv>>) {
    const rs = await env.db.execute(
      'SELECT (SELECT count(*) FROM reports) AS r, (SELECT count(*) FROM customer_configs) AS c',
    )
    expect(rs.rows[0]).toMatchObject({ r: 0, c: 0 })
  }

  it('refuses a body over 1 MiB with 413', async () => {
    const env = await testEnv()
    const big = reportFor('nagy-bt', { padding: 'x'.repeat(1024 * 1024) })
    const res = await callJson(env, 'POST', '/api/v1/report', { body: big })
    expect(res.status).toBe(413)
    expect(res.json.error.code).toBe('payload_too_large')
    await expectNothingStored(env)
  })

  it('refuses an oversized body that arrives without a Content-Length, while reading it', async () => {
    const env = await testEnv()
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    let sent = 0
    // highWaterMark 0: a chunk is produced only when the reader asks for one, so `sent` counts
    // exactly what the hub read.
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent++ < 40) controller.enqueue(chunk)
          else controller.close()
        },
      },
      { highWaterMark: 0 },
    )
    const { router } = await import('../../../functions/routes.js')
    const req = new Request('http://hub.test/api/v1/report', {
      method: 'POST',
      headers: { Authorization: 'Bearer test-global-key-0123456789', 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    const res: Response = await router.fetch(req, env)
    expect(res.status).toBe(413)
    // 16 chunks of 64 KiB are exactly the 1 MiB limit; the 17th crosses it and reading stops there.
    expect(sent).toBe(17)
    await expectNothingStored(env)
  })

  it('answers invalid JSON with 400 invalid_json', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/report', { body: '{"customer_id": "x",' })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('invalid_json')
    await expectNothingStored(env)
  })

  it('answers a JSON array with 400 invalid_json', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/report', { body: '[1,2]' })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('invalid_json')
  })

  it('answers a form body with 415', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/report', {
      body: 'customer_id=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(415)
    expect(res.json.error.code).toBe('unsupported_media_type')
  })

  it('lists every missing required field', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/report', { body: { hostname: 'x' } })
    expect(res.status).toBe(400)
    const paths = res.json.error.details.map((d: any) => d.path)
    expect(paths).toEqual(
      expect.arrayContaining(['customer_id', 'timestamp', 'controller_version', 'health']),
    )
    await expectNothingStored(env)
  })

  it.each([
    ['customer_id', { customer_id: 'Kovacs_Csalad' }, 'customer_id'],
    ['health.status', { health: { status: 'great' } }, 'health.status'],
    ['timestamp', { timestamp: 'yesterday' }, 'timestamp'],
    ['controller_url', { controller_url: 'ftp://x.example' }, 'controller_url'],
    ['monitoring_enabled', { monitoring_enabled: 'yes' }, 'monitoring_enabled'],
    ['storage[].used_bytes', { storage: [{ label: 'hdd1', used_bytes: '12' }] }, 'storage[0].used_bytes'],
    ['containers[].restarts', { containers: [{ name: 'x', restarts: -1 }] }, 'containers[0].restarts'],
    ['backups.backup_enabled', { backups: { backup_enabled: 1 } }, 'backups.backup_enabled'],
  ])('names %s when it has the wrong type', async (_label, patch, path) => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/api/v1/report', { body: reportFor('nagy-bt', patch) })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('validation_failed')
    expect(res.json.error.details.map((d: any) => d.path)).toContain(path)
    await expectNothingStored(env)
  })

  it('accepts null for optional metrics (a node without a temperature sensor)', async () => {
    const env = await testEnv()
    const report = fixtureReport()
    report.system.temperature_c = null
    const res = await callJson(env, 'POST', '/api/v1/report', { body: report })
    expect(res.status).toBe(200)
    const history = await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad/history?period=1h')
    expect(history.json.points[0].temperature_c).toBeNull()
  })
})
