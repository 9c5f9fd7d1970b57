// job_runs: the ledger of scheduled work. One row per job and slot; the UNIQUE (job, slot) claim
// is what makes concurrent triggers (ticks, direct calls, other processes) run a slot once.
import type { Client } from '@libsql/client'
import { jsonCol, num, str, type Row } from './rows.js'

export interface JobRun {
  id: number
  job: string
  slot: string
  trigger: string
  startedAt: number
  finishedAt: number | null
  ok: boolean | null
  summary: Record<string, unknown> | null
}

/**
 * Claims (job, slot); returns the run id, or null when another run holds it. A claim whose run
 * never finished (the process died) may be taken over after `leaseMs`: jobs are idempotent, so
 * running the slot again is safe, and a daily slot is not lost to a crash.
 */
export async function claimRun(
  db: Client,
  run: { job: string; slot: string; trigger: string },
  now: number,
  leaseMs: number,
): Promise<number | null> {
  const rs = await db.execute({
    sql: `INSERT INTO job_runs (job, slot, trigger, started_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (job, slot) DO UPDATE SET trigger = excluded.trigger, started_at = excluded.started_at
          WHERE job_runs.finished_at IS NULL AND job_runs.started_at < ?
          RETURNING id`,
    args: [run.job, run.slot, run.trigger, now, now - leaseMs],
  })
  return rs.rows[0] ? Number(rs.rows[0].id) : null
}

export async function finishRun(db: Client, id: number, ok: boolean, summary: unknown, now: number) {
  await db.execute({
    sql: 'UPDATE job_runs SET finished_at = ?, ok = ?, summary = ? WHERE id = ?',
    args: [now, ok ? 1 : 0, JSON.stringify(summary), id],
  })
}

/** The run that holds (job, slot), if any. */
export async function slotRun(db: Client, job: string, slot: string): Promise<JobRun | null> {
  const rs = await db.execute({ sql: 'SELECT * FROM job_runs WHERE job = ? AND slot = ?', args: [job, slot] })
  return rs.rows[0] ? toJobRun(rs.rows[0]) : null
}

export async function runsOf(db: Client, job: string, limit = 50): Promise<JobRun[]> {
  const rs = await db.execute({
    sql: 'SELECT * FROM job_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT ?',
    args: [job, limit],
  })
  return rs.rows.map(toJobRun)
}

function toJobRun(r: Row): JobRun {
  return {
    id: Number(r.id),
    job: String(r.job),
    slot: String(r.slot),
    trigger: String(r.trigger),
    startedAt: Number(r.started_at),
    finishedAt: num(r.finished_at),
    ok: r.ok === null ? null : Number(r.ok) === 1,
    summary: jsonCol(str(r.summary), null),
  }
}
