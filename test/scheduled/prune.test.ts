import type { InStatement, ResultSet } from '@libsql/client'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { randomToken } from '../../lib/core/crypto.js'
import { recordAudit } from '../../lib/audit/record.js'
import { startPendingLogin } from '../../lib/auth/pending-login.js'
import { beginEnrolment } from '../../lib/auth/second-factor.js'
import { claimRun } from '../../lib/store/job-runs.js'
import { claimAttempt } from '../../lib/store/throttle.js'
import { prune } from '../../scheduled/prune.js'
import { testEnv, type TestEnv } from '../support/env.js'
import { callJson } from '../support/http.js'
import { sendEvent, sendReport } from '../support/scheduled-seed.js'

const DAY = 86_400_000
const T = Date.parse('2026-11-01T00:00:00Z')
const NOW = T + 12 * DAY + 3_600_000
// Random text compresses badly, so the old reports take real pages the prune must free.
const padding = () => Array.from({ length: 400 }, () => randomToken(48)).join('')

async function count(env: TestEnv, table: string): Promise<number> {
  return Number((await env.db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)
}

/** kovacs reports daily T..T+5d; nagy once at T. One old and one new row in every other table. */
async function seeded() {
  const env = await testEnv({
    clock: fixedClock(T),
    config: { retention: { max_days: 10, full_reports_days: 2 } },
  })
  await sendReport(env, 'nagy-bt', { padding: padding() })
  await sendEvent(env, 'kovacs-csalad', 'backup_completed')
  await env.settle() // notification decisions are logged at the clock's time: let them land at T
  for (let d = 0; d <= 5; d++) {
    env.clock.set(T + d * DAY)
    await sendReport(env, 'kovacs-csalad', { padding: padding() })
  }
  const log = `INSERT INTO notification_log (channel, status, created_at, updated_at) VALUES ('operator', 'sent', ?, ?)`
  const session = `INSERT INTO sessions (id_digest, csrf_token, created_at, expires_at) VALUES (?, 'csrf', ?, ?)`
  for (const at of [T, NOW - DAY]) {
    await env.db.execute({ sql: log, args: [at, at] })
    await env.db.execute({ sql: session, args: [`s-${at}`, at, at + 7 * DAY] })
    await claimAttempt(
      env.db,
      `login:${at}`,
      { maxFailures: 5, windowMs: 900_000, lockMs: 900_000, onSuccess: 'clear' },
      at,
    )
    await claimRun(env.db, { job: 'staleness', slot: new Date(at).toISOString(), trigger: 'tick' }, at, 1)
  }
  env.clock.set(NOW)
  await sendEvent(env, 'kovacs-csalad', 'backup_completed')
  await env.settle()
  return env
}

describe('prune', () => {
  it('deletes what retention no longer keeps and counts it', async () => {
    const env = await seeded()
    const cutoff = NOW - 10 * DAY
    const oldLog = Number(
      (
        await env.db.execute({
          sql: 'SELECT count(*) AS n FROM notification_log WHERE created_at < ?',
          args: [cutoff],
        })
      ).rows[0].n,
    )
    expect(oldLog).toBeGreaterThanOrEqual(1)
    const summary = await prune(env)
    expect(summary).toMatchObject({
      ok: true,
      more: false,
      // reports: kovacs's first five (the sixth is its latest); nagy's only report is its latest.
      // samples: everything before NOW - 10 days = T+2d+1h: kovacs T, T+1d, T+2d and nagy T.
      deleted: {
        reports: 5,
        samples: 4,
        samples_hourly: 0,
        events: 1,
        job_runs: 1,
        sessions: 1,
        throttle: 1,
      },
      // The rest, kovacs T+3d..T+5d, is older than the raw week (NOW - 7 days = T+5d+1h): folded.
      downsampled: 3,
    })
    // Notification decisions for the seeded events land in the log too: count what was old.
    expect(summary.deleted.notification_log).toBe(oldLog)
    expect(await count(env, 'reports')).toBe(2)
    expect(await count(env, 'samples')).toBe(0)
    expect(await count(env, 'samples_hourly')).toBe(3)
    expect(await count(env, 'events')).toBe(1)
    const logLeft = await env.db.execute({
      sql: 'SELECT min(created_at) AS oldest FROM notification_log',
      args: [],
    })
    expect(Number(logLeft.rows[0].oldest)).toBeGreaterThanOrEqual(cutoff)
    expect(await count(env, 'sessions')).toBe(1)
    expect(await count(env, 'throttle')).toBe(1)
  })

  it('deletes acknowledgements and operator decisions older than max_days, keeping the newer ones', async () => {
    const env = await seeded()
    const cutoff = NOW - 10 * DAY
    await env.db.execute('DELETE FROM notification_decisions')
    for (const at of [cutoff - DAY, cutoff - 1, cutoff + DAY]) {
      await env.db.execute({
        sql: `INSERT INTO acknowledgements (customer_id, state, since, acked_at, via) VALUES ('kovacs-csalad', 'down', ?, ?, 'link')`,
        args: [at - 60_000, at],
      })
      await env.db.execute({
        sql: `INSERT INTO notification_decisions (decision_key, customer_id, event_type, decided_at) VALUES (?, 'kovacs-csalad', 'node_down', ?)`,
        args: [`d-${at}`, at],
      })
    }
    const summary = await prune(env, { batch: 1, maxBatches: 10 })
    expect(summary.deleted).toMatchObject({ acknowledgements: 2, notification_decisions: 2 })
    const left = async (sql: string) => (await env.db.execute(sql)).rows.map((r) => Number(r.at))
    expect(await left('SELECT acked_at AS at FROM acknowledgements')).toEqual([cutoff + DAY])
    expect(await left('SELECT decided_at AS at FROM notification_decisions')).toEqual([cutoff + DAY])
  })

  it("keeps each customer's latest report readable however old it is", async () => {
    const env = await seeded()
    await prune(env)
    const res = await callJson(env, 'GET', '/api/v1/customers/nagy-bt')
    expect(res.status).toBe(200)
    expect(res.json.received_at).toBe('2026-11-01T00:00:00Z')
    expect(res.json.report.customer_id).toBe('nagy-bt')
  })

  it('gives the freed pages back to the file system', async () => {
    const env = await seeded()
    const summary = await prune(env)
    expect(summary.freed_pages).toBeGreaterThan(10)
    expect(Number((await env.db.execute('PRAGMA freelist_count')).rows[0][0])).toBe(0)
    expect(summary.wal_checkpointed).toBe(true)
  })

  it('finds nothing left to delete on a second run', async () => {
    const env = await seeded()
    await prune(env)
    const again = await prune(env)
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true)
  })

  it('stops at its bound and says there is more, and the next run continues', async () => {
    const env = await seeded()
    const first = await prune(env, { batch: 2, maxBatches: 1 })
    expect(first.more).toBe(true)
    expect(first.deleted.reports).toBe(2)
    const second = await prune(env, { batch: 2, maxBatches: 5 })
    expect(second.deleted.reports).toBe(3)
    expect(second.more).toBe(false)
    expect(await count(env, 'reports')).toBe(2)
  })

  it('keeps decisions that sent (or failed to send) for max_days, and those that sent nothing a week', async () => {
    const env = await testEnv({ clock: fixedClock(NOW) })
    const log = `INSERT INTO notification_log (channel, status, reason, created_at, updated_at) VALUES ('operator', ?, ?, ?, ?)`
    for (const [status, reason, daysAgo] of [
      ['skipped', 'not_warning', 8],
      ['sent', null, 8],
      ['failed', 'resend 500', 8],
      ['skipped', 'no_preference', 6],
    ] as const) {
      const at = NOW - daysAgo * DAY
      await env.db.execute({ sql: log, args: [status, reason, at, at] })
    }
    const summary = await prune(env)
    expect(summary.deleted.notification_log).toBe(1)
    const left = await env.db.execute('SELECT status, reason FROM notification_log ORDER BY id')
    expect(left.rows.map((r) => [r.status, r.reason])).toEqual([
      ['sent', null],
      ['failed', 'resend 500'],
      ['skipped', 'no_preference'],
    ])
  })

  it('gives the event loop back between batches, so requests are answered while it deletes', async () => {
    const env = await seeded()
    // The driver answers each statement synchronously: without a yield no timer runs until the end.
    const order: string[] = []
    const execute = env.db.execute.bind(env.db) as (stmt: InStatement) => Promise<ResultSet>
    env.db.execute = ((stmt: InStatement) => {
      const sql = typeof stmt === 'string' ? stmt : stmt.sql
      if (/^\s*DELETE/.test(sql)) order.push('delete')
      return execute(stmt)
    }) as typeof env.db.execute
    setTimeout(() => order.push('timer'), 0)
    await prune(env, { batch: 1, maxBatches: 50, sliceMs: 0 })
    expect(order.indexOf('timer')).toBeGreaterThan(0)
    expect(order.indexOf('timer')).toBeLessThan(order.lastIndexOf('delete'))
  })

  it("keeps each job's latest ledger row, so a rare schedule does not run its slot again", async () => {
    const env = await seeded()
    env.clock.set(NOW + 30 * DAY)
    const summary = await prune(env)
    expect(summary.deleted.job_runs).toBe(1)
    const rs = await env.db.execute('SELECT slot FROM job_runs')
    expect(rs.rows.map((r) => r.slot)).toEqual([new Date(NOW - DAY).toISOString()])
  })

  it('deletes Idempotency-Keys older than 24 hours in bounded batches, keeping the live ones', async () => {
    const env = await testEnv({ clock: fixedClock(T) })
    const notify = (i: number) =>
      callJson(env, 'POST', '/api/v1/notify', {
        body: { customer_id: 'kovacs-csalad', subject: 'Lemez', message: `message ${i}` },
        headers: { 'Idempotency-Key': `key-${i}` },
      })
    for (let i = 0; i < 5; i++) expect((await notify(i)).status).toBe(202)
    env.clock.set(T + DAY - 1)
    expect((await notify(5)).status).toBe(202)
    env.clock.set(T + DAY)
    const first = await prune(env, { batch: 2, maxBatches: 2 })
    expect(first.deleted.idempotency_keys).toBe(4)
    expect(first.more).toBe(true)
    const second = await prune(env, { batch: 2, maxBatches: 2 })
    expect(second.deleted.idempotency_keys).toBe(1)
    const rs = await env.db.execute('SELECT key FROM idempotency_keys')
    expect(rs.rows.map((r) => r.key)).toEqual(['key-5'])
    // The live key still holds its answer: a retry stores nothing.
    await notify(5)
    const relayed = await env.db.execute(
      "SELECT count(*) AS n FROM notification_log WHERE body = 'message 5'",
    )
    expect(relayed.rows[0].n).toBe(1)
  })

  it('keeps the audit log retention.max_days, deleting older entries in bounded batches', async () => {
    const env = await testEnv({ clock: fixedClock(T), config: { retention: { max_days: 10 } } })
    for (let i = 0; i < 5; i++)
      await recordAudit(env, { action: 'block', outcome: 'ok', customerId: `old-${i}` })
    env.clock.set(T + 10 * DAY)
    await recordAudit(env, { action: 'unblock', outcome: 'ok', customerId: 'kept' })
    env.clock.set(T + 10 * DAY + 1)
    const first = await prune(env, { batch: 2, maxBatches: 2 })
    expect(first.deleted.audit_log).toBe(4)
    expect(first.more).toBe(true)
    const second = await prune(env, { batch: 2, maxBatches: 2 })
    expect(second.deleted.audit_log).toBe(1)
    const rs = await env.db.execute('SELECT customer_id FROM audit_log')
    expect(rs.rows.map((r) => r.customer_id)).toEqual(['kept'])
  })

  it('forgets pending logins and enrolments whose few minutes are up', async () => {
    const env = await testEnv({ clock: fixedClock(T) })
    await beginEnrolment(env, 'a-session-digest')
    const req = new Request('http://hub.test/login', { method: 'POST' })
    await startPendingLogin(env, req)
    env.clock.set(T + 5 * 60_000)
    expect((await prune(env)).deleted.sign_in_steps).toBe(1) // the pending login (5 min)
    env.clock.set(T + 15 * 60_000)
    expect((await prune(env)).deleted.sign_in_steps).toBe(1) // the enrolment (15 min)
    expect(await count(env, 'pending_logins')).toBe(0)
    expect(await count(env, 'totp_enrolments')).toBe(0)
  })
})
