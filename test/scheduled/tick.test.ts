import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { budapestDate } from '../../lib/jobs/schedule.js'
import { claimRun } from '../../lib/store/job-runs.js'
import { runTick } from '../../scheduled/tick.js'
import { testEnv, type TestEnv } from '../support/env.js'
import { startFakeGitea } from '../support/fake-gitea.js'
import { hubEvents, MIN, sendReport } from '../support/scheduled-seed.js'

const JOBS = [
  'staleness',
  'rollouts',
  'backup-deadline',
  'prune',
  'registry-check',
  'template-refresh',
  'backup',
  'drift-check',
  'household-checks',
  'monthly-report',
  'volume-watch',
]
const offline = (async () => {
  throw new TypeError('fetch failed: offline test')
}) as typeof fetch

async function runs(env: TestEnv, job?: string) {
  const rs = await env.db.execute({
    sql: `SELECT job, slot, trigger, ok FROM job_runs ${job ? 'WHERE job = ?' : ''} ORDER BY id`,
    args: job ? [job] : [],
  })
  return rs.rows.map((r) => ({
    job: String(r.job),
    slot: String(r.slot),
    trigger: String(r.trigger),
    ok: Number(r.ok),
  }))
}

const localTime = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Budapest',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))

describe('runTick', () => {
  it('runs every job whose latest slot has no run, then only what became due', async () => {
    const gitea = await startFakeGitea()
    const env = await testEnv({
      clock: fixedClock('2026-11-29T04:30:00Z'),
      config: {
        registry: {
          url: gitea.url,
          username: 'hub-bot',
          token: 'gitea-pat-123',
          template_url: gitea.templateUrl,
        },
      },
    })
    const first = await runTick(env)
    expect(first.job).toBe('tick')
    expect(first.ran).toBe(true)
    expect(Object.keys(first.summary).sort()).toEqual([...JOBS, 'outbox', 'queued_actions'].sort())
    expect(first.summary.staleness).toMatchObject({
      ran: true,
      slot: '2026-11-29T04:30:00.000Z',
      summary: { ok: true },
    })
    expect(first.summary['backup-deadline']).toMatchObject({
      ran: true,
      slot: '2026-11-29T04:00:00.000Z',
      summary: { date: '2026-11-29' },
    })
    expect(first.summary.prune).toMatchObject({ ran: true, slot: '2026-11-29T03:30:00.000Z' })
    expect(first.summary['registry-check']).toMatchObject({ ran: true, summary: { ok: true, tag: 'v1.9.0' } })
    expect(first.summary['template-refresh']).toMatchObject({
      ran: true,
      summary: { ok: true, changed: true },
    })
    expect(first.summary.outbox).toMatchObject({ ran: true, summary: { ok: true, found: 0 } })

    const again = await runTick(env)
    expect(JOBS.filter((j) => again.summary[j].ran)).toEqual([])

    env.clock.advance(MIN)
    const next = await runTick(env)
    expect(JOBS.filter((j) => next.summary[j].ran)).toEqual(['staleness', 'rollouts'])
    expect((await runs(env)).every((r) => r.trigger === 'tick' && r.ok === 1)).toBe(true)
  })

  it('runs each due job once when ticks fire at the same time', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:00:00Z'), fetch: offline })
    await sendReport(env, 'kovacs-csalad')
    env.clock.set('2026-11-29T06:00:00Z')
    const results = await Promise.all([runTick(env), runTick(env), runTick(env)])
    for (const job of JOBS) expect(results.filter((r) => r.summary[job].ran)).toHaveLength(1)
    expect((await runs(env)).map((r) => r.job).sort()).toEqual([...JOBS].sort())
    expect((await hubEvents(env)).map((e) => e.event_type).sort()).toEqual([
      'expected_backup_missed',
      'expected_dbdump_missed',
      'node_down',
    ])
  })

  it('catches up a daily run missed while the hub was down at the next tick', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T03:50:00Z'), fetch: offline })
    await sendReport(env, 'kovacs-csalad')
    await runTick(env)
    env.clock.set('2026-11-29T09:17:00Z') // back after 05:00 Budapest (04:00Z) passed
    const tick = await runTick(env)
    expect(tick.summary['backup-deadline']).toMatchObject({
      ran: true,
      slot: '2026-11-29T04:00:00.000Z',
      summary: { backup_missed: 1 },
    })
    expect((await runs(env, 'backup-deadline')).map((r) => r.slot)).toEqual([
      '2026-11-28T04:00:00.000Z',
      '2026-11-29T04:00:00.000Z',
    ])
  })

  it('retakes a slot whose run died unfinished, but not one still within its lease', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:30:00Z'), fetch: offline })
    const now = Date.parse('2026-11-29T04:30:00Z')
    await claimRun(
      env.db,
      { job: 'backup-deadline', slot: '2026-11-29T04:00:00.000Z', trigger: 'tick' },
      now - 20 * MIN,
      1,
    )
    await claimRun(
      env.db,
      { job: 'prune', slot: '2026-11-29T03:30:00.000Z', trigger: 'tick' },
      now - 2 * MIN,
      1,
    )
    const tick = await runTick(env)
    expect(tick.summary['backup-deadline'].ran).toBe(true)
    expect(tick.summary.prune.ran).toBe(false)
  })

  it('keeps running the other jobs when one cannot be scheduled', async () => {
    const env = await testEnv({ fetch: offline, config: { retention: { prune_schedule: '99 99 * * *' } } })
    const tick = await runTick(env)
    expect(tick.summary.prune).toMatchObject({ ran: false, slot: null, summary: { ok: false } })
    expect(JOBS.filter((j) => tick.summary[j].ran)).toEqual([
      'staleness',
      'rollouts',
      'backup-deadline',
      'registry-check',
      'template-refresh',
      'backup',
      'drift-check',
      'household-checks',
      'monthly-report',
      'volume-watch',
    ])
    expect(tick.summary['registry-check'].summary).toMatchObject({
      ok: false,
      error: expect.stringContaining('offline'),
    })
    expect(
      env.log.lines.some((l) => l.includes('tick: job failed') && l.includes('invalid cron pattern')),
    ).toBe(true)
  })

  for (const [change, from, to, days] of [
    [
      'spring forward',
      '2026-03-27T20:00:00Z',
      '2026-03-31T06:00:00Z',
      ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'],
    ],
    [
      'fall back',
      '2026-10-23T20:00:00Z',
      '2026-10-27T06:00:00Z',
      ['2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27'],
    ],
  ] as const) {
    it(`runs the daily jobs exactly once per Budapest day across the ${change}`, async () => {
      const env = await testEnv({ clock: fixedClock(from), fetch: offline })
      await sendReport(env, 'kovacs-csalad')
      // A tick every 20 minutes for three and a half days; the first catches up the day of `from`.
      for (let t = Date.parse(from); t <= Date.parse(to); t += 20 * MIN) {
        env.clock.set(t)
        await runTick(env)
      }
      for (const [job, local] of [
        ['backup-deadline', '05:00'],
        ['prune', '04:30'],
      ]) {
        const slots = (await runs(env, job)).map((r) => r.slot)
        expect(slots.map((s) => budapestDate(new Date(s)))).toEqual(days)
        expect(slots.map(localTime)).toEqual(days.map(() => local))
      }
      const missed = (await hubEvents(env, 'expected_backup_missed')).map((e) => e.dedupe_key)
      expect(missed).toEqual(days.map((d) => `expected_backup_missed:kovacs-csalad:${d}`))
    })
  }
})
