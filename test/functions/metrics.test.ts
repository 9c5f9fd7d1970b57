import { describe, expect, it } from 'vitest'
import { prometheusMetrics } from '../../lib/node/metrics.js'
import { claimRun, finishRun } from '../../lib/store/job-runs.js'
import { reportFor } from '../support/fixtures.js'
import { CRON_TOKEN, testEnv, type TestEnv } from '../support/env.js'
import { managedCustomer, sendReport } from '../support/factories.js'
import { call, callJson } from '../support/http.js'

async function metricsEnv(): Promise<TestEnv> {
  const env = await testEnv()
  env.metrics = prometheusMetrics({ log: env.log })
  return env
}

interface Family {
  type: string
  samples: { name: string; labels: Record<string, string>; value: number }[]
}

/** A strict reader of the text exposition format: every sample must belong to a # TYPE'd family. */
function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>()
  const familyOf = (sample: string) =>
    families.get(sample) ?? families.get(sample.replace(/_(bucket|sum|count|total|created)$/, ''))
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line)
    if (type) {
      families.set(type[1], { type: type[2], samples: [] })
      continue
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn]a[Nn]|\+Inf|-Inf)$/.exec(line)
    if (!m) throw new Error(`not a valid exposition line: ${line}`)
    const labels: Record<string, string> = {}
    const pairs = (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)
    for (const [, k, v] of pairs) labels[k] = v
    const family = familyOf(m[1])
    if (!family) throw new Error(`sample without a # TYPE line: ${line}`)
    const v = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3])
    family.samples.push({ name: m[1], labels, value: v })
  }
  return families
}

type Sample = Family['samples'][number]

function value(families: Map<string, Family>, name: string, labels: Sample['labels'] = {}) {
  for (const f of families.values()) {
    const matches = (x: Sample) =>
      x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v)
    const s = f.samples.find(matches)
    if (s) return s.value
  }
  return undefined
}

async function scrape(env: TestEnv) {
  const res = await callJson(env, 'GET', '/metrics')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return parseExposition(res.text)
}

describe('GET /metrics', () => {
  it('counts an ingested report and event, by type and severity, in a parseable exposition', async () => {
    const env = await metricsEnv()
    await sendReport(env, 'kovacs-csalad')
    const ev = await call(env, 'POST', '/api/v1/event', {
      body: {
        customer_id: 'kovacs-csalad',
        event_type: 'backup_failed',
        severity: 'error',
        message: 'restic exited 1',
      },
    })
    expect(ev.status).toBe(201)

    const m = await scrape(env)
    expect(m.get('hub_reports_ingested_total')?.type).toBe('counter')
    expect(value(m, 'hub_reports_ingested_total')).toBe(1)
    expect(value(m, 'hub_events_total', { type: 'backup_failed', severity: 'error' })).toBe(1)
    expect(m.get('hub_http_request_duration_seconds')?.type).toBe('histogram')
    const requests = 'hub_http_request_duration_seconds_count'
    expect(value(m, requests, { method: 'POST', route: '/api/v1/report', status: '200' })).toBe(1)
    expect(value(m, requests, { method: 'POST', route: '/api/v1/event', status: '201' })).toBe(1)
    // prom-client's default process metrics ride along.
    expect(m.get('process_cpu_user_seconds_total')?.type).toBe('counter')
    expect(m.get('nodejs_eventloop_lag_seconds')).toBeDefined()
  })

  it('computes customers by status and the database size at scrape time', async () => {
    const env = await metricsEnv()
    await managedCustomer(env, 'nagy-bt') // no report yet: pending
    await sendReport(env, 'kovacs-csalad') // the fixture's health is warn
    let m = await scrape(env)
    expect(m.get('hub_customers')?.type).toBe('gauge')
    expect(value(m, 'hub_customers', { status: 'pending' })).toBe(1)
    expect(value(m, 'hub_customers', { status: 'warn' })).toBe(1)
    expect(value(m, 'hub_customers', { status: 'ok' })).toBe(0)
    expect(value(m, 'hub_customers', { status: 'down' })).toBe(0)
    const size = value(m, 'hub_database_size_bytes')!
    expect(size).toBeGreaterThan(0)
    expect(size % 512).toBe(0)

    // Past twice the stale threshold (30m) without a report the customer is down: the gauge
    // follows instead of keeping its last value.
    env.clock.advance(61 * 60_000)
    m = await scrape(env)
    expect(value(m, 'hub_customers', { status: 'warn' })).toBe(0)
    expect(value(m, 'hub_customers', { status: 'down' })).toBe(1)
  })

  it('exposes the hub’s own volume: hub.db, WAL, snapshots, free space and the time until full', async () => {
    const env = await metricsEnv()
    const MiB = 1024 * 1024
    let used = 500
    env.volume = async () => ({
      usedBytes: used * MiB,
      sizeBytes: 1024 * MiB,
      databaseBytes: 300 * MiB,
      walBytes: 4 * MiB,
      snapshotBytes: 90 * MiB,
    })
    let m = await scrape(env)
    expect(value(m, 'hub_volume_size_bytes')).toBe(1024 * MiB)
    expect(value(m, 'hub_volume_free_bytes')).toBe(524 * MiB)
    expect(value(m, 'hub_volume_database_bytes')).toBe(300 * MiB)
    expect(value(m, 'hub_volume_wal_bytes')).toBe(4 * MiB)
    expect(value(m, 'hub_volume_snapshot_bytes')).toBe(90 * MiB)
    expect(value(m, 'hub_volume_seconds_until_full')).toBe(Infinity)
    // Three daily readings growing 50 MiB a day, the last at 600 MiB: 424 MiB left is 8.48 days.
    for (let d = 0; d < 3; d++) {
      expect(
        (await call(env, 'POST', '/internal/cron/volume-watch?force=true', { key: CRON_TOKEN })).status,
      ).toBe(200)
      env.clock.advance(86_400_000)
      used += 50
    }
    used -= 50
    m = await scrape(env)
    expect(value(m, 'hub_volume_seconds_until_full')).toBeCloseTo(8.48 * 86_400, 0)
  })

  it('exposes each job’s last run and last success from the job_runs ledger', async () => {
    const env = await metricsEnv()
    const t0 = env.clock.now().getTime()
    const ok = await claimRun(env.db, { job: 'prune', slot: 's1', trigger: 'tick' }, t0, 60_000)
    await finishRun(env.db, ok!, true, { ok: true }, t0 + 2_500)
    const failed = await claimRun(env.db, { job: 'prune', slot: 's2', trigger: 'tick' }, t0 + 10_000, 60_000)
    await finishRun(env.db, failed!, false, { ok: false }, t0 + 11_000)
    const m = await scrape(env)
    expect(value(m, 'hub_job_last_run_ok', { job_name: 'prune' })).toBe(0)
    expect(value(m, 'hub_job_last_run_duration_seconds', { job_name: 'prune' })).toBe(1)
    expect(value(m, 'hub_job_last_run_timestamp_seconds', { job_name: 'prune' })).toBe((t0 + 11_000) / 1000)
    expect(value(m, 'hub_job_last_success_timestamp_seconds', { job_name: 'prune' })).toBe(
      (t0 + 2_500) / 1000,
    )
  })

  it('records job runs, durations and notifications under their declared names', async () => {
    const env = await metricsEnv()
    env.metrics.inc('job_runs_total', { job_name: 'staleness', result: 'ok' })
    env.metrics.observe('job_duration_seconds', 0.2, { job_name: 'staleness' })
    env.metrics.inc('notifications_total', { channel: 'operator', result: 'sent' })
    const m = await scrape(env)
    expect(value(m, 'hub_job_runs_total', { job_name: 'staleness', result: 'ok' })).toBe(1)
    expect(value(m, 'hub_job_duration_seconds_count', { job_name: 'staleness' })).toBe(1)
    expect(value(m, 'hub_notifications_total', { channel: 'operator', result: 'sent' })).toBe(1)
  })

  it('never uses a label Prometheus attaches itself (job, instance), which would arrive renamed exported_*', async () => {
    const env = await metricsEnv()
    const t0 = env.clock.now().getTime()
    const run = await claimRun(env.db, { job: 'prune', slot: 's1', trigger: 'tick' }, t0, 60_000)
    await finishRun(env.db, run!, true, { ok: true }, t0 + 1_000)
    const res = await callJson(env, 'POST', '/internal/cron/staleness', { key: CRON_TOKEN })
    expect(res.status).toBe(200)
    const m = await scrape(env)
    expect(value(m, 'hub_job_runs_total', { job_name: 'staleness', result: 'ok' })).toBe(1)
    expect(value(m, 'hub_job_last_success_timestamp_seconds', { job_name: 'prune' })).toBe(
      (t0 + 1_000) / 1000,
    )
    const labelled = [...m.entries()].flatMap(([name, f]) =>
      f.samples.flatMap((s) => Object.keys(s.labels).map((label) => `${name}{${label}}`)),
    )
    expect(labelled.length).toBeGreaterThan(0)
    expect(labelled.filter((l) => /\{(job|instance)\}$/.test(l))).toEqual([])
  })

  it('keeps process memory, event loop lag and GC, but no gauge named like a counter (*_total)', async () => {
    const env = await metricsEnv()
    const m = await scrape(env)
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_gc_duration_seconds',
    ])
      expect(m.has(name), name).toBe(true)
    const misnamed = [...m.entries()].filter(([name, f]) => f.type !== 'counter' && name.endsWith('_total'))
    expect(misnamed.map(([name]) => name)).toEqual([])
  })

  it('creates an undeclared metric on first use and drops mislabelled values, never throwing', async () => {
    const env = await metricsEnv()
    env.metrics.inc('brand_new_total', { kind: 'x' })
    env.metrics.inc('brand_new_total', { kind: 'x' })
    expect(() => env.metrics.inc('events_total', { wrong: 'label' })).not.toThrow()
    expect(() => env.metrics.observe('reports_ingested_total', 1)).not.toThrow()
    expect(() => env.metrics.inc('not a name')).not.toThrow()
    const m = await scrape(env)
    expect(value(m, 'hub_brand_new_total', { kind: 'x' })).toBe(2)
    expect(value(m, 'hub_reports_ingested_total')).toBe(0)
    expect(env.log.lines.filter((l) => l.includes('brand_new_total'))).toHaveLength(1)
  })

  it('keeps every Env’s counts apart', async () => {
    const a = await metricsEnv()
    const b = await metricsEnv()
    await sendReport(a, 'kovacs-csalad')
    expect(value(await scrape(a), 'hub_reports_ingested_total')).toBe(1)
    expect(value(await scrape(b), 'hub_reports_ingested_total')).toBe(0)
  })

  it('is protected like the API: 401 without a key, 403 for a customer’s key', async () => {
    const env = await metricsEnv()
    const creds = await managedCustomer(env, 'nagy-bt')
    expect((await callJson(env, 'GET', '/metrics', { key: null })).json.error.code).toBe('unauthorized')
    const res = await callJson(env, 'GET', '/metrics', { key: creds.api_key })
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('forbidden')
    expect(res.text).not.toContain('hub_')
  })

  it('lets a read-only metrics token scrape, and that token writes nothing', async () => {
    const env = await metricsEnv()
    env.config.server.metrics_token = 'prometheus-read-only-token'
    const res = await callJson(env, 'GET', '/metrics', { key: 'prometheus-read-only-token' })
    expect(res.status).toBe(200)
    expect(res.text).toContain('hub_customers')
    const write = await callJson(env, 'POST', '/api/v1/report', {
      key: 'prometheus-read-only-token',
      body: reportFor('x-node'),
    })
    expect(write.status).toBe(401)
    expect((await callJson(env, 'GET', '/metrics', { key: 'wrong-token' })).status).toBe(401)
  })

  it('is absent where nothing collects metrics (the Worker)', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'GET', '/metrics')
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('not_found')
  })
})
