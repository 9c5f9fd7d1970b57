import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/clock.js'
import { runsOf } from '../../../lib/store/job-runs.js'
import { CRON_TOKEN, testEnv } from '../../support/env.js'
import { callJson } from '../../support/http.js'
import { hubEvents, MIN, sendReport } from '../../support/scheduled-seed.js'

const offline = (async () => {
  throw new TypeError('fetch failed: offline test')
}) as typeof fetch

describe('POST /internal/cron/:job', () => {
  it('runs the job now and answers with its summary', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:00:00Z') })
    await sendReport(env, 'kovacs-csalad')
    env.clock.advance(45 * MIN)
    const res = await callJson(env, 'POST', '/internal/cron/staleness', { key: CRON_TOKEN })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      job: 'staleness',
      ran: true,
      summary: { ok: true, checked: 1, stale: 1, down: 0, recovered: 0 },
    })
    const [run] = await runsOf(env.db, 'staleness')
    // A direct call takes the job's due slot, so the tick of the same minute does not run it again.
    expect(run).toMatchObject({
      trigger: 'manual',
      ok: true,
      summary: res.json.summary,
      slot: '2026-11-29T04:45:00.000Z',
    })
    const tick = await callJson(env, 'POST', '/internal/cron/tick', { key: CRON_TOKEN })
    expect(tick.json.summary.staleness).toMatchObject({ ran: false, slot: '2026-11-29T04:45:00.000Z' })
    // A second direct call in the same minute still runs now, under a manual slot.
    await callJson(env, 'POST', '/internal/cron/staleness', { key: CRON_TOKEN })
    const runs = await runsOf(env.db, 'staleness')
    expect(runs).toHaveLength(2)
    expect(runs.map((r) => r.slot).sort()[1]).toMatch(/^manual:2026-11-29T04:45:00\.000Z#/)
  })

  it('records every direct call but still one event when fired twice at once', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:00:00Z') })
    await sendReport(env, 'kovacs-csalad')
    env.clock.advance(90 * MIN)
    const results = await Promise.all(
      [1, 2].map(() => callJson(env, 'POST', '/internal/cron/staleness', { key: CRON_TOKEN })),
    )
    expect(results.map((r) => r.status)).toEqual([200, 200])
    expect(results.reduce((n, r) => n + r.json.summary.down, 0)).toBe(1)
    expect(await hubEvents(env, 'node_down')).toHaveLength(1)
    expect(await runsOf(env.db, 'staleness')).toHaveLength(2)
  })

  it("answers tick with each job's outcome", async () => {
    const env = await testEnv({ fetch: offline })
    const res = await callJson(env, 'POST', '/internal/cron/tick', { key: CRON_TOKEN })
    expect(res.status).toBe(200)
    expect(res.json.job).toBe('tick')
    expect(res.json.ran).toBe(true)
    for (const job of ['staleness', 'backup-deadline', 'prune', 'registry-check', 'template-refresh']) {
      expect(res.json.summary[job]).toMatchObject({
        ran: true,
        slot: expect.stringMatching(/^2026-/),
        summary: expect.any(Object),
      })
    }
    const again = await callJson(env, 'POST', '/internal/cron/tick', { key: CRON_TOKEN })
    expect(again.json.summary.staleness).toEqual({ ran: false, slot: res.json.summary.staleness.slot })
  })

  it('refuses a missing or wrong token with 401 and runs nothing', async () => {
    const env = await testEnv()
    for (const key of [null, 'wrong-token', CRON_TOKEN + 'x', 'test-global-key-0123456789']) {
      const res = await callJson(env, 'POST', '/internal/cron/staleness', { key })
      expect(res.status).toBe(401)
      expect(res.json.error.code).toBe('unauthorized')
    }
    expect(await runsOf(env.db, 'staleness')).toHaveLength(0)
  })

  it('refuses every call with 403 when no cron token is configured', async () => {
    const env = await testEnv({ config: { server: { cron_token: '' } } })
    for (const key of [null, CRON_TOKEN, '']) {
      const res = await callJson(env, 'POST', '/internal/cron/tick', { key })
      expect(res.status).toBe(403)
      expect(res.json.error.code).toBe('forbidden')
    }
    expect(await runsOf(env.db, 'staleness')).toHaveLength(0)
  })

  it('answers 404 for an unknown job, but only to a caller with the token', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'POST', '/internal/cron/reboot-everything', { key: CRON_TOKEN })
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('not_found')
    expect((await callJson(env, 'POST', '/internal/cron/reboot-everything', { key: null })).status).toBe(401)
  })

  it('answers 405 to a GET', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'GET', '/internal/cron/tick', { key: CRON_TOKEN })
    expect(res.status).toBe(405)
    expect(res.json.error.code).toBe('method_not_allowed')
  })

  it('answers 500 without a stack when the job throws, and records the failed run', async () => {
    const env = await testEnv()
    // The job's own work fails (its table is gone); its schedule, computed from the config, does not.
    await env.db.execute('DROP TABLE alert_state')
    const res = await callJson(env, 'POST', '/internal/cron/staleness', { key: CRON_TOKEN })
    expect(res.status).toBe(500)
    expect(res.json.error.code).toBe('internal')
    expect(res.text).not.toMatch(/at .*\.ts|alert_state/)
    const [run] = await runsOf(env.db, 'staleness')
    expect(run).toMatchObject({
      ok: false,
      summary: { ok: false, error: expect.stringContaining('no such table: alert_state') },
    })
    expect(env.log.lines.some((l) => l.includes('"job failed"') && l.includes('no such table'))).toBe(true)
  })

  it('answers 200 with a failed summary when the registry is unreachable, and records the run as failed', async () => {
    const env = await testEnv({ fetch: offline })
    const res = await callJson(env, 'POST', '/internal/cron/registry-check', { key: CRON_TOKEN })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      job: 'registry-check',
      ran: true,
      summary: { ok: false, error: 'request failed: fetch failed: offline test' },
    })
    expect((await runsOf(env.db, 'registry-check'))[0]).toMatchObject({ ok: false, trigger: 'manual' })
  })
})
