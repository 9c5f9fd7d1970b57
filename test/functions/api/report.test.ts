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
    const sent = reportFor('nagy-bt', { future_field: { nested: [1, 2, 3] }, system: { ...fixtureReport().system, npu_percent: 3 } })
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
