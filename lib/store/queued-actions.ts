// queued_actions, queued_action_attempts: controller actions waiting for an unreachable node
// (lib/queued-actions/). An attempt starts with a compare-and-set pending → running that commits,
// with its attempt row, before the controller is called: only the claimer calls, and a claim
// whose process died is never called again (it becomes `unconfirmed`).
import type { Client } from '@libsql/client'
import { num, str, type Row } from './rows.js'

export type QueuedActionKind = 'push-config' | 'trigger-update'
export type QueuedState = 'pending' | 'running' | 'done' | 'failed' | 'unconfirmed' | 'expired' | 'cancelled'
export type AttemptTrigger = 'report' | 'tick'
export type AttemptOutcome = 'done' | 'retry' | 'failed' | 'unconfirmed'

export interface QueuedAction {
  id: number
  customerId: string
  action: QueuedActionKind
  version: string | null
  state: QueuedState
  attempts: number
  createdAt: number
  expiresAt: number
  nextAttemptAt: number
  claimedAt: number | null
  finishedAt: number | null
  note: string | null
}

export interface QueuedAttempt {
  id: number
  actionId: number
  customerId: string
  trigger: AttemptTrigger
  startedAt: number
  finishedAt: number | null
  outcome: AttemptOutcome | null
  message: string | null
}

const COLUMNS = `id, customer_id, action, version, state, attempts, created_at, expires_at, next_attempt_at, claimed_at,
  finished_at, note`

function toAction(r: Row): QueuedAction {
  return {
    id: Number(r.id),
    customerId: String(r.customer_id),
    action: r.action as QueuedActionKind,
    version: str(r.version),
    state: r.state as QueuedState,
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    nextAttemptAt: Number(r.next_attempt_at),
    claimedAt: num(r.claimed_at),
    finishedAt: num(r.finished_at),
    note: str(r.note),
  }
}

function toAttempt(r: Row): QueuedAttempt {
  return {
    id: Number(r.id),
    actionId: Number(r.action_id),
    customerId: String(r.customer_id),
    trigger: r.trigger as AttemptTrigger,
    startedAt: Number(r.started_at),
    finishedAt: num(r.finished_at),
    outcome: str(r.outcome) as AttemptOutcome | null,
    message: str(r.message),
  }
}

/** Queues an action; null when the same action is already queued (or running) for the customer. */
export async function enqueueAction(
  db: Client,
  a: {
    customerId: string
    action: QueuedActionKind
    version: string | null
    expiresAt: number
    note: string
  },
  now: number,
): Promise<number | null> {
  const rs = await db.execute({
    sql: `INSERT INTO queued_actions (customer_id, action, version, state, created_at, expires_at, next_attempt_at, note)
          VALUES (?, ?, ?, 'pending', ?, ?, ?, ?)
          ON CONFLICT (customer_id, action) WHERE state IN ('pending', 'running') DO NOTHING RETURNING id`,
    args: [a.customerId, a.action, a.version, now, a.expiresAt, now, a.note],
  })
  return rs.rows[0] ? Number(rs.rows[0].id) : null
}

/** The report hook's one lookup: ids of the customer's pending actions (none: nothing else runs). */
export async function pendingActionIds(db: Client, customerId: string): Promise<number[]> {
  const rs = await db.execute({
    sql: "SELECT id FROM queued_actions WHERE customer_id = ? AND state = 'pending' ORDER BY id",
    args: [customerId],
  })
  return rs.rows.map((r) => Number(r.id))
}

export async function getAction(db: Client, id: number): Promise<QueuedAction | null> {
  const rs = await db.execute({ sql: `SELECT ${COLUMNS} FROM queued_actions WHERE id = ?`, args: [id] })
  return rs.rows[0] ? toAction(rs.rows[0]) : null
}

/** Pending actions whose backoff is over, oldest due first. */
export async function dueActions(db: Client, now: number, limit: number): Promise<QueuedAction[]> {
  const rs = await db.execute({
    sql: `SELECT ${COLUMNS} FROM queued_actions WHERE state = 'pending' AND next_attempt_at <= ?
          ORDER BY next_attempt_at LIMIT ?`,
    args: [now, limit],
  })
  return rs.rows.map(toAction)
}

/** The customer's latest actions (open ones first) with their attempts. */
export async function actionsFor(
  db: Client,
  customerId: string,
  limit = 10,
): Promise<{ actions: QueuedAction[]; attempts: QueuedAttempt[] }> {
  const rs = await db.execute({
    sql: `SELECT ${COLUMNS} FROM queued_actions WHERE customer_id = ?
          ORDER BY state IN ('pending', 'running') DESC, id DESC LIMIT ?`,
    args: [customerId, limit],
  })
  const actions = rs.rows.map(toAction)
  if (actions.length === 0) return { actions, attempts: [] }
  const at = await db.execute({
    sql: `SELECT id, action_id, customer_id, trigger, started_at, finished_at, outcome, message
          FROM queued_action_attempts WHERE action_id IN (${actions.map(() => '?').join(',')}) ORDER BY id`,
    args: actions.map((a) => a.id),
  })
  return { actions, attempts: at.rows.map(toAttempt) }
}

/**
 * Claims a pending, unexpired action for one attempt and opens its attempt row, in one
 * transaction. False: another run claimed it, it was cancelled, finished or expired.
 */
export async function claimAction(
  db: Client,
  id: number,
  trigger: AttemptTrigger,
  now: number,
): Promise<boolean> {
  const [claim] = await db.batch(
    [
      {
        sql: `UPDATE queued_actions SET state = 'running', claimed_at = ?, attempts = attempts + 1
              WHERE id = ? AND state = 'pending' AND expires_at > ?`,
        args: [now, id, now],
      },
      {
        // changes(): the claim's row count, just before on this connection.
        sql: `INSERT INTO queued_action_attempts (action_id, customer_id, trigger, started_at)
              SELECT id, customer_id, ?, ? FROM queued_actions WHERE id = ? AND changes() > 0`,
        args: [trigger, now, id],
      },
    ],
    'write',
  )
  return claim.rowsAffected === 1
}

/** Ends the running attempt: back to pending (with its next time) or a final state. */
export async function finishAttempt(
  db: Client,
  id: number,
  to: Exclude<QueuedState, 'running'>,
  outcome: AttemptOutcome,
  message: string,
  now: number,
  nextAttemptAt?: number,
): Promise<boolean> {
  const final = to !== 'pending'
  const [moved] = await db.batch(
    [
      {
        sql: `UPDATE queued_actions SET state = ?, note = ?, next_attempt_at = coalesce(?, next_attempt_at),
                finished_at = ? WHERE id = ? AND state = 'running'`,
        args: [to, message, nextAttemptAt ?? null, final ? now : null, id],
      },
      {
        sql: `UPDATE queued_action_attempts SET finished_at = ?, outcome = ?, message = ?
              WHERE action_id = ? AND finished_at IS NULL AND changes() > 0`,
        args: [now, outcome, message, id],
      },
    ],
    'write',
  )
  return moved.rowsAffected === 1
}

export async function cancelAction(
  db: Client,
  customerId: string,
  id: number,
  now: number,
): Promise<boolean> {
  const rs = await db.execute({
    sql: `UPDATE queued_actions SET state = 'cancelled', finished_at = ?, note = 'Cancelled by the operator.'
          WHERE id = ? AND customer_id = ? AND state = 'pending'`,
    args: [now, id, customerId],
  })
  return rs.rowsAffected === 1
}

/** Pending actions past their expiry become `expired`; returns how many. */
export async function expireActions(db: Client, now: number): Promise<number> {
  const rs = await db.execute({
    sql: `UPDATE queued_actions SET state = 'expired', finished_at = ?, note = 'Expired: the node did not come back in time.'
          WHERE state = 'pending' AND expires_at <= ?`,
    args: [now, now],
  })
  return rs.rowsAffected
}

/**
 * Running claims older than `before` belong to a process that died mid-call: the controller may
 * have applied the action, so it is `unconfirmed`, never tried again. Returns how many.
 */
export async function abandonStaleClaims(db: Client, before: number, now: number): Promise<number> {
  const message = 'The hub stopped during the call: it may have been applied, so it is not tried again.'
  const [, moved] = await db.batch(
    [
      {
        sql: `UPDATE queued_action_attempts SET finished_at = ?, outcome = 'unconfirmed', message = ?
              WHERE finished_at IS NULL AND action_id IN
                (SELECT id FROM queued_actions WHERE state = 'running' AND claimed_at < ?)`,
        args: [now, message, before],
      },
      {
        sql: `UPDATE queued_actions SET state = 'unconfirmed', finished_at = ?, note = ?
              WHERE state = 'running' AND claimed_at < ?`,
        args: [now, message, before],
      },
    ],
    'write',
  )
  return moved.rowsAffected
}
