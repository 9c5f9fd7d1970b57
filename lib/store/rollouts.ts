// rollouts, rollout_waves, rollout_nodes, rollout_log: staged controller rollouts (lib/rollouts/).
// Every move of a rollout, a wave or a node is a compare-and-set naming the states it may move
// from; the caller learns from the returned boolean whether its move landed, and only then acts.
// Each move writes its log line in the same transaction, and only if the move landed.
import type { Client, InStatement } from '@libsql/client'
import { jsonCol, num, str, type Row } from './rows.js'

export type RolloutState = 'running' | 'halted' | 'completed' | 'aborted'
export type WaveState = 'waiting' | 'running' | 'soaking' | 'passed'
export type NodeState = 'waiting' | 'triggering' | 'sent' | 'passed' | 'failed' | 'skipped'
export type PendingEvent = 'rollout_halted' | 'rollout_completed'

export interface Rollout {
  id: number
  version: string
  state: RolloutState
  canary: string
  percents: number[]
  deadlineMs: number
  soakMs: number
  halts: number
  haltReason: string | null
  pendingEvent: PendingEvent | null
  createdAt: number
  updatedAt: number
  finishedAt: number | null
}

export interface RolloutWave {
  rolloutId: number
  wave: number
  label: string
  state: WaveState
  startedAt: number | null
  soakFrom: number | null
  passedAt: number | null
}

export interface RolloutNode {
  rolloutId: number
  customerId: string
  wave: number
  fromVersion: string | null
  state: NodeState
  /** How many update requests the hub has sent (or may have sent) this node. */
  attempts: number
  claimedAt: number | null
  sentAt: number | null
  deadlineAt: number | null
  passedAt: number | null
  failedAt: number | null
  skippedAt: number | null
  note: string | null
}

export interface RolloutLogEntry {
  id: number
  rolloutId: number
  at: number
  customerId: string | null
  kind: string
  message: string
}

/** What a move writes to the log when it lands. */
export interface LogLine {
  kind: string
  message: string
}

function toRollout(r: Row): Rollout {
  return {
    id: Number(r.id),
    version: String(r.version),
    state: r.state as RolloutState,
    canary: String(r.canary),
    percents: jsonCol<number[]>(r.percents, []),
    deadlineMs: Number(r.deadline_ms),
    soakMs: Number(r.soak_ms),
    halts: Number(r.halts),
    haltReason: str(r.halt_reason),
    pendingEvent: str(r.pending_event) as PendingEvent | null,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    finishedAt: num(r.finished_at),
  }
}

function toWave(r: Row): RolloutWave {
  return {
    rolloutId: Number(r.rollout_id),
    wave: Number(r.wave),
    label: String(r.label),
    state: r.state as WaveState,
    startedAt: num(r.started_at),
    soakFrom: num(r.soak_from),
    passedAt: num(r.passed_at),
  }
}

function toNode(r: Row): RolloutNode {
  return {
    rolloutId: Number(r.rollout_id),
    customerId: String(r.customer_id),
    wave: Number(r.wave),
    fromVersion: str(r.from_version),
    state: r.state as NodeState,
    attempts: Number(r.attempts),
    claimedAt: num(r.claimed_at),
    sentAt: num(r.sent_at),
    deadlineAt: num(r.deadline_at),
    passedAt: num(r.passed_at),
    failedAt: num(r.failed_at),
    skippedAt: num(r.skipped_at),
    note: str(r.note),
  }
}

function toLog(r: Row): RolloutLogEntry {
  return {
    id: Number(r.id),
    rolloutId: Number(r.rollout_id),
    at: Number(r.at),
    customerId: str(r.customer_id),
    kind: String(r.kind),
    message: String(r.message),
  }
}

/** The log line, inserted only when the statement just before it changed a row. */
function logIfChanged(rolloutId: number, at: number, customerId: string | null, line: LogLine): InStatement {
  return {
    // changes() is the row count of the previous statement on this connection: the move's UPDATE,
    // which runs right before in the same transaction.
    sql: `INSERT INTO rollout_log (rollout_id, at, customer_id, kind, message) SELECT ?, ?, ?, ?, ? WHERE changes() > 0`,
    args: [rolloutId, at, customerId, line.kind, line.message],
  }
}

async function moveAndLog(
  db: Client,
  update: InStatement,
  rolloutId: number,
  at: number,
  customerId: string | null,
  line: LogLine,
): Promise<boolean> {
  const [rs] = await db.batch([update, logIfChanged(rolloutId, at, customerId, line)], 'write')
  return rs.rowsAffected === 1
}

export interface NewRollout {
  version: string
  canary: string
  percents: number[]
  deadlineMs: number
  soakMs: number
  waves: { label: string; nodes: { customerId: string; fromVersion: string | null }[] }[]
}

/**
 * Stores a rollout with its waves and nodes, running. Returns null when another rollout is still
 * running or halted (one at a time: the UNIQUE `active` column).
 */
export async function insertRollout(db: Client, r: NewRollout, now: number): Promise<number | null> {
  const tx = await db.transaction('write')
  try {
    const rs = await tx.execute({
      sql: `INSERT INTO rollouts (version, state, active, canary, percents, deadline_ms, soak_ms, created_at, updated_at)
            VALUES (?, 'running', 1, ?, ?, ?, ?, ?, ?) ON CONFLICT (active) DO NOTHING RETURNING id`,
      args: [r.version, r.canary, JSON.stringify(r.percents), r.deadlineMs, r.soakMs, now, now],
    })
    if (rs.rows.length === 0) {
      await tx.rollback()
      return null
    }
    const id = Number(rs.rows[0].id)
    const stmts: InStatement[] = []
    r.waves.forEach((w, i) => {
      stmts.push({
        sql: `INSERT INTO rollout_waves (rollout_id, wave, label, state) VALUES (?, ?, ?, 'waiting')`,
        args: [id, i, w.label],
      })
      for (const n of w.nodes) {
        stmts.push({
          sql: `INSERT INTO rollout_nodes (rollout_id, customer_id, wave, from_version, state) VALUES (?, ?, ?, ?, 'waiting')`,
          args: [id, n.customerId, i, n.fromVersion],
        })
      }
    })
    const total = r.waves.reduce((n, w) => n + w.nodes.length, 0)
    stmts.push({
      sql: `INSERT INTO rollout_log (rollout_id, at, customer_id, kind, message) VALUES (?, ?, NULL, 'created', ?)`,
      args: [id, now, `Rollout to ${r.version} started: ${total} nodes in ${r.waves.length} waves.`],
    })
    await tx.batch(stmts)
    await tx.commit()
    return id
  } finally {
    tx.close()
  }
}

const ROLLOUT_COLUMNS = `id, version, state, canary, percents, deadline_ms, soak_ms, halts, halt_reason, pending_event,
  created_at, updated_at, finished_at`

export async function getRollout(db: Client, id: number): Promise<Rollout | null> {
  const rs = await db.execute({ sql: `SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE id = ?`, args: [id] })
  return rs.rows[0] ? toRollout(rs.rows[0]) : null
}

/** The running or halted rollout, if any (there is at most one). */
export async function activeRollout(db: Client): Promise<Rollout | null> {
  const rs = await db.execute(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE active = 1`)
  return rs.rows[0] ? toRollout(rs.rows[0]) : null
}

export async function listRollouts(db: Client, limit = 100): Promise<Rollout[]> {
  const rs = await db.execute({
    sql: `SELECT ${ROLLOUT_COLUMNS} FROM rollouts ORDER BY id DESC LIMIT ?`,
    args: [limit],
  })
  return rs.rows.map(toRollout)
}

/** Rollouts whose halt or completion has not been recorded as a hub event yet. */
export async function rolloutsWithPendingEvent(db: Client): Promise<Rollout[]> {
  const rs = await db.execute(
    `SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE pending_event IS NOT NULL ORDER BY id`,
  )
  return rs.rows.map(toRollout)
}

export async function clearPendingEvent(db: Client, id: number, event: PendingEvent): Promise<void> {
  await db.execute({
    sql: 'UPDATE rollouts SET pending_event = NULL WHERE id = ? AND pending_event = ?',
    args: [id, event],
  })
}

/** Node counts per state for each of the rollouts. */
export async function nodeCounts(
  db: Client,
  ids: number[],
): Promise<Map<number, Partial<Record<NodeState, number>>>> {
  const out = new Map<number, Partial<Record<NodeState, number>>>()
  if (ids.length === 0) return out
  const rs = await db.execute({
    sql: `SELECT rollout_id, state, count(*) AS n FROM rollout_nodes
          WHERE rollout_id IN (${ids.map(() => '?').join(',')}) GROUP BY rollout_id, state`,
    args: ids,
  })
  for (const r of rs.rows) {
    const id = Number(r.rollout_id)
    const counts = out.get(id) ?? {}
    counts[r.state as NodeState] = Number(r.n)
    out.set(id, counts)
  }
  return out
}

export async function wavesOf(db: Client, rolloutId: number): Promise<RolloutWave[]> {
  const rs = await db.execute({
    sql: `SELECT rollout_id, wave, label, state, started_at, soak_from, passed_at FROM rollout_waves
          WHERE rollout_id = ? ORDER BY wave`,
    args: [rolloutId],
  })
  return rs.rows.map(toWave)
}

const NODE_COLUMNS = `rollout_id, customer_id, wave, from_version, state, attempts, claimed_at, sent_at, deadline_at,
  passed_at, failed_at, skipped_at, note`

export async function nodesOf(db: Client, rolloutId: number, wave?: number): Promise<RolloutNode[]> {
  const rs = await db.execute({
    sql: `SELECT ${NODE_COLUMNS} FROM rollout_nodes WHERE rollout_id = ? ${wave === undefined ? '' : 'AND wave = ?'}
          ORDER BY wave, customer_id`,
    args: wave === undefined ? [rolloutId] : [rolloutId, wave],
  })
  return rs.rows.map(toNode)
}

export async function getNode(
  db: Client,
  rolloutId: number,
  customerId: string,
): Promise<RolloutNode | null> {
  const rs = await db.execute({
    sql: `SELECT ${NODE_COLUMNS} FROM rollout_nodes WHERE rollout_id = ? AND customer_id = ?`,
    args: [rolloutId, customerId],
  })
  return rs.rows[0] ? toNode(rs.rows[0]) : null
}

export async function rolloutLog(db: Client, rolloutId: number, limit = 50_000): Promise<RolloutLogEntry[]> {
  const rs = await db.execute({
    sql: `SELECT id, rollout_id, at, customer_id, kind, message FROM rollout_log WHERE rollout_id = ?
          ORDER BY id LIMIT ?`,
    args: [rolloutId, limit],
  })
  return rs.rows.map(toLog)
}

// ---- rollout moves ----

export async function haltRollout(db: Client, id: number, reason: string, now: number): Promise<boolean> {
  return moveAndLog(
    db,
    {
      sql: `UPDATE rollouts SET state = 'halted', halts = halts + 1, halt_reason = ?, pending_event = 'rollout_halted',
              updated_at = ? WHERE id = ? AND state = 'running'`,
      args: [reason, now, id],
    },
    id,
    now,
    null,
    { kind: 'halted', message: reason },
  )
}

export async function resumeRollout(db: Client, id: number, now: number): Promise<boolean> {
  return moveAndLog(
    db,
    {
      sql: `UPDATE rollouts SET state = 'running', halt_reason = NULL, updated_at = ? WHERE id = ? AND state = 'halted'`,
      args: [now, id],
    },
    id,
    now,
    null,
    { kind: 'resumed', message: 'Resumed by the operator.' },
  )
}

export async function completeRollout(db: Client, id: number, now: number, line: LogLine): Promise<boolean> {
  return moveAndLog(
    db,
    {
      sql: `UPDATE rollouts SET state = 'completed', active = NULL, pending_event = 'rollout_completed',
              finished_at = ?, updated_at = ? WHERE id = ? AND state = 'running'`,
      args: [now, now, id],
    },
    id,
    now,
    null,
    line,
  )
}

export async function abortRollout(db: Client, id: number, now: number): Promise<boolean> {
  return moveAndLog(
    db,
    {
      sql: `UPDATE rollouts SET state = 'aborted', active = NULL, finished_at = ?, updated_at = ?
            WHERE id = ? AND state IN ('running', 'halted')`,
      args: [now, now, id],
    },
    id,
    now,
    null,
    { kind: 'aborted', message: 'Aborted by the operator: no further node is asked to update.' },
  )
}

// ---- wave moves ----

const WAVE_TIMES = { started_at: true, soak_from: true, passed_at: true } as const
type WaveTime = keyof typeof WAVE_TIMES

export async function moveWave(
  db: Client,
  rolloutId: number,
  wave: number,
  from: WaveState[],
  to: WaveState,
  set: Partial<Record<WaveTime, number | null>>,
  now: number,
  line: LogLine,
): Promise<boolean> {
  const cols = Object.keys(set).filter((k): k is WaveTime => k in WAVE_TIMES)
  return moveAndLog(
    db,
    {
      sql: `UPDATE rollout_waves SET state = ?${cols.map((c) => `, ${c} = ?`).join('')}
            WHERE rollout_id = ? AND wave = ? AND state IN (${from.map(() => '?').join(',')})`,
      args: [to, ...cols.map((c) => set[c] ?? null), rolloutId, wave, ...from],
    },
    rolloutId,
    now,
    null,
    line,
  )
}

// ---- node moves ----

const NODE_FIELDS = {
  claimed_at: true,
  sent_at: true,
  deadline_at: true,
  passed_at: true,
  failed_at: true,
  skipped_at: true,
  note: true,
} as const
type NodeField = keyof typeof NODE_FIELDS

export interface NodeMove {
  rolloutId: number
  customerId: string
  from: NodeState[]
  to: NodeState
  set?: Partial<Record<NodeField, number | string | null>>
  /** Counts one more update request sent (or possibly sent). */
  countAttempt?: boolean
  /** Lands only while the rollout is running: a halted or aborted rollout asks nobody. */
  whileRunning?: boolean
}

export async function moveNode(db: Client, m: NodeMove, now: number, line: LogLine): Promise<boolean> {
  const set = m.set ?? {}
  const cols = Object.keys(set).filter((k): k is NodeField => k in NODE_FIELDS)
  const running = m.whileRunning
    ? ` AND EXISTS (SELECT 1 FROM rollouts WHERE id = rollout_nodes.rollout_id AND state = 'running')`
    : ''
  return moveAndLog(
    db,
    {
      sql: `UPDATE rollout_nodes SET state = ?${cols.map((c) => `, ${c} = ?`).join('')}${m.countAttempt ? ', attempts = attempts + 1' : ''}
            WHERE rollout_id = ? AND customer_id = ? AND state IN (${m.from.map(() => '?').join(',')})${running}`,
      args: [m.to, ...cols.map((c) => set[c] ?? null), m.rolloutId, m.customerId, ...m.from],
    },
    m.rolloutId,
    now,
    m.customerId,
    line,
  )
}
