import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { claimRun, runsOf } from '../../../lib/store/job-runs.js'
import { RUN_LEASE_MS } from '../../../scheduled/index.js'
import { CRON_TOKEN, testEnv, type TestEnv } from '../../support/env.js'
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
      summary: { ok: true, checked: 1, stale: 1, down: 0, recovered: 0, maintenance_ended_down: 0 },
    })
    const [run] = await runsOf(env.db, 'staleness')
    expect(run).toMatchObject({
      trigger: 'direct',
      ok: true,
      summary: res.json.summary,
      slot: '2026-11-29T04:45:00.000Z',
    })
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
    expect((await runsOf(env.db, 'registry-check'))[0]).toMatchObject({ ok: false, trigger: 'direct' })
  })
})

describe('POST /internal/cron/:job: each slot runs once, whichever trigger comes first', () => {
  const SLOT = '2026-11-29T05:30:00.000Z'
  const direct = (env: TestEnv, query = '') =>
    callJson(env, 'POST', `/internal/cron/staleness${query}`, { key: CRON_TOKEN })
  const tick = (env: TestEnv) => callJson(env, 'POST', '/internal/cron/tick', { key: CRON_TOKEN })

  /** A customer silent for 90 minutes at 05:30: the slot's run records one node_down. */
  async function downAtSlot() {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:00:00Z'), fetch: offline })
    await sendReport(env, 'kovacs-csalad')
    env.clock.set(SLOT)
    return env
  }

  it('answers ran:false with a reason when the tick already ran the slot, and runs nothing', async () => {
    const env = await downAtSlot()
    expect((await tick(env)).json.summary.staleness).toMatchObject({ ran: true, slot: SLOT })
    env.clock.advance(20_000) // the per-job CronJob fires a little later in the same minute
    const res = await direct(env)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ job: 'staleness', ran: false, reason: `slot ${SLOT} already ran` })
    expect((await runsOf(env.db, 'staleness')).map((r) => [r.slot, r.trigger])).toEqual([[SLOT, 'tick']])
    expect(await hubEvents(env, 'node_down')).toHaveLength(1)
  })

  it('lets a direct call take the due slot, so neither the tick nor a second call runs it again', async () => {
    const env = await downAtSlot()
    expect((await direct(env)).json).toMatchObject({ job: 'staleness', ran: true, summary: { down: 1 } })
    expect((await tick(env)).json.summary.staleness).toEqual({ ran: false, slot: SLOT })
    expect((await direct(env)).json).toEqual({
      job: 'staleness',
      ran: false,
      reason: `slot ${SLOT} already ran`,
    })
    expect((await runsOf(env.db, 'staleness')).map((r) => [r.slot, r.trigger])).toEqual([[SLOT, 'direct']])
  })

  it('runs the next slot when it comes', async () => {
    const env = await downAtSlot()
    await tick(env)
    env.clock.advance(MIN)
    expect((await direct(env)).json.ran).toBe(true)
    expect((await runsOf(env.db, 'staleness')).map((r) => r.slot).sort()).toEqual([
      SLOT,
      '2026-11-29T05:31:00.000Z',
    ])
  })

  it('runs a slot once when several direct calls and ticks fire at the same time', async () => {
    const env = await downAtSlot()
    const calls = await Promise.all([
      direct(env),
      tick(env),
      direct(env),
      tick(env),
      direct(env),
      direct(env),
    ])
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200, 200, 200])
    const ran = calls.map((c) => (c.json.job === 'tick' ? c.json.summary.staleness.ran : c.json.ran))
    expect(ran.filter(Boolean)).toHaveLength(1)
    for (const c of calls.filter((c) => c.json.job === 'staleness' && !c.json.ran)) {
      expect(c.json.reason).toMatch(new RegExp(`^slot ${SLOT} (already ran|is running)$`))
    }
    expect(await runsOf(env.db, 'staleness')).toHaveLength(1)
    expect(await hubEvents(env, 'node_down')).toHaveLength(1)
  })

  it('says the slot is running while a live claim holds it, and takes over a claim whose process died', async () => {
    const env = await downAtSlot()
    const now = env.clock.now().getTime()
    await claimRun(env.db, { job: 'staleness', slot: SLOT, trigger: 'tick' }, now - MIN, RUN_LEASE_MS)
    expect((await direct(env)).json).toEqual({
      job: 'staleness',
      ran: false,
      reason: `slot ${SLOT} is running`,
    })
    // The same claim, 20 minutes old: its process died, so the direct call runs the slot.
    await env.db.execute({ sql: 'UPDATE job_runs SET started_at = ?', args: [now - 20 * MIN] })
    expect((await direct(env)).json).toMatchObject({ ran: true, summary: { down: 1 } })
    const runs = await runsOf(env.db, 'staleness')
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ slot: SLOT, trigger: 'direct', ok: true })
  })

  it('holds a slot whose run failed, and says so', async () => {
    const env = await downAtSlot()
    await env.db.execute('ALTER TABLE alert_state RENAME TO alert_state_away') // the job throws
    expect((await direct(env)).status).toBe(500)
    await env.db.execute('ALTER TABLE alert_state_away RENAME TO alert_state')
    expect((await direct(env)).json).toEqual({
      job: 'staleness',
      ran: false,
      reason: `slot ${SLOT} already ran and failed`,
    })
    expect(await runsOf(env.db, 'staleness')).toHaveLength(1)
  })

  it('runs anyway with force=true, recorded as a manual run under its own slot', async () => {
    const env = await downAtSlot()
    await tick(env)
    const forced = await Promise.all([direct(env, '?force=true'), direct(env, '?force=true')])
    for (const res of forced) {
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({ job: 'staleness', ran: true, summary: { ok: true } })
    }
    const runs = await runsOf(env.db, 'staleness')
    expect(runs).toHaveLength(3)
    const manual = runs.filter((r) => r.trigger === 'manual')
    expect(manual).toHaveLength(2)
    for (const r of manual) expect(r.slot).toMatch(/^manual:2026-11-29T05:30:00\.000Z#/)
    expect(new Set(runs.map((r) => r.slot)).size).toBe(3)
    // Forced runs are extra: the scheduled slot still counts as run, and the events stay one.
    expect((await direct(env)).json.ran).toBe(false)
    expect(await hubEvents(env, 'node_down')).toHaveLength(1)
  })

  it('treats force=false like no force, and refuses any other value with 400', async () => {
    const env = await downAtSlot()
    await tick(env)
    expect((await direct(env, '?force=false')).json.ran).toBe(false)
    const bad = await direct(env, '?force=yes')
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('validation_failed')
    expect(await runsOf(env.db, 'staleness')).toHaveLength(1)
  })
})
