// notification_log: every notification decision (sent, skipped, failed) and the outbox of emails
// still `pending`. The UNIQUE idempotency_key makes each decision happen once: whoever inserts the
// key owns it, however many dispatchers run.
import type { Client, InStatement } from '@libsql/client'
import type { ChannelType } from '../core/channels.js'
import { executeAlong, num, str, type Row } from './rows.js'

/** operator and customer: email; the others: the operator's push channels (notifications.channels). */
export type Channel = 'operator' | 'customer' | ChannelType
export type LogStatus = 'pending' | 'sent' | 'skipped' | 'failed'

export interface LogEntry {
  id: number
  customerId: string | null
  eventId: number | null
  channel: Channel
  recipient: string | null
  eventType: string | null
  severity: string | null
  subject: string | null
  body: string | null
  status: LogStatus
  reason: string | null
  attempts: number
  idempotencyKey: string | null
  createdAt: number
  updatedAt: number
}

export interface NewEntry {
  customerId: string | null
  eventId: number | null
  channel: Channel
  recipient: string | null
  eventType: string
  severity: string | null
  subject: string | null
  body: string | null
  idempotencyKey: string
}

/** No second email of this channel, customer and event type while one is pending or sent since `since`. */
export interface CooldownGuard {
  since: number
}

function toEntry(r: Row): LogEntry {
  return {
    id: Number(r.id),
    customerId: str(r.customer_id),
    eventId: num(r.event_id),
    channel: r.channel as Channel,
    recipient: str(r.recipient),
    eventType: str(r.event_type),
    severity: str(r.severity),
    subject: str(r.subject),
    body: str(r.body),
    status: r.status as LogStatus,
    reason: str(r.reason),
    attempts: Number(r.attempts),
    idempotencyKey: str(r.idempotency_key),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }
}

const COLUMNS = `customer_id, event_id, channel, recipient, event_type, severity, subject, body, status, reason, attempts,
  idempotency_key, created_at, updated_at`
const values = (e: NewEntry, status: LogStatus, reason: string | null, attempts: number, now: number) => [
  e.customerId,
  e.eventId,
  e.channel,
  e.recipient,
  e.eventType,
  e.severity,
  e.subject,
  e.body,
  status,
  reason,
  attempts,
  e.idempotencyKey,
  now,
  now,
]

export type ClaimResult = { claimed: true; id: number } | { claimed: false }

/**
 * Claims the right to send: inserts a `pending` row for the key, unless the key exists already
 * or (with a guard) a pending/sent email of the same channel, customer and type is younger than
 * `guard.since`. One statement, so SQLite runs check and insert under one write lock: of two
 * concurrent claims for the same cooldown slot exactly one lands. `along` commits with it.
 */
export async function claimSend(
  db: Client,
  e: NewEntry,
  now: number,
  guard?: CooldownGuard,
  along: InStatement[] = [],
): Promise<ClaimResult> {
  const stmt = {
    sql: `INSERT INTO notification_log (${COLUMNS})
          SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
          WHERE ? IS NULL OR NOT EXISTS (
            SELECT 1 FROM notification_log WHERE channel = ? AND customer_id IS ? AND event_type = ?
              AND status IN ('pending', 'sent') AND created_at > ?)
          ON CONFLICT (idempotency_key) DO NOTHING`,
    args: [
      ...values(e, 'pending', null, 0, now),
      guard?.since ?? null,
      e.channel,
      e.customerId,
      e.eventType,
      guard?.since ?? 0,
    ],
  }
  const rs = await executeAlong(db, stmt, along)
  return rs.rowsAffected === 1 ? { claimed: true, id: Number(rs.lastInsertRowid) } : { claimed: false }
}

/** The INSERT of a final decision; a row whose key exists already is left out. */
export function decisionStatement(
  e: NewEntry,
  status: Exclude<LogStatus, 'pending'>,
  reason: string | null,
  now: number,
): InStatement {
  return {
    sql: `INSERT INTO notification_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (idempotency_key) DO NOTHING`,
    args: values(e, status, reason, 0, now),
  }
}

/**
 * Records a final decision (a skip); returns its id, or null when the key already had a decision.
 * `along` commits with it.
 */
export async function recordDecision(
  db: Client,
  e: NewEntry,
  status: 'skipped' | 'failed',
  reason: string,
  now: number,
  along: InStatement[] = [],
): Promise<number | null> {
  const rs = await executeAlong(db, decisionStatement(e, status, reason, now), along)
  return rs.rowsAffected === 1 ? Number(rs.lastInsertRowid) : null
}

/** The idempotency keys that start with `prefix` (an import's own keys). */
export async function idempotencyKeysWithPrefix(db: Client, prefix: string): Promise<Set<string>> {
  const rs = await db.execute({
    sql: 'SELECT idempotency_key FROM notification_log WHERE idempotency_key >= ? AND idempotency_key < ?',
    args: [prefix, prefix + '\uffff'],
  })
  return new Set(rs.rows.map((r) => String(r.idempotency_key)))
}

export async function entryByKey(db: Client, key: string): Promise<LogEntry | null> {
  const rs = await db.execute({
    sql: 'SELECT * FROM notification_log WHERE idempotency_key = ?',
    args: [key],
  })
  return rs.rows[0] ? toEntry(rs.rows[0]) : null
}

export async function entryById(db: Client, id: number): Promise<LogEntry | null> {
  const rs = await db.execute({ sql: 'SELECT * FROM notification_log WHERE id = ?', args: [id] })
  return rs.rows[0] ? toEntry(rs.rows[0]) : null
}

/** Ends a pending row; false when it was no longer pending (another deliverer finished it). */
export async function finishPending(
  db: Client,
  id: number,
  outcome: { status: 'sent' | 'failed' | 'skipped'; reason: string | null; attempts: number },
  now: number,
): Promise<boolean> {
  const rs = await db.execute({
    sql: `UPDATE notification_log SET status = ?, reason = ?, attempts = attempts + ?, updated_at = ?
          WHERE id = ? AND status = 'pending'`,
    args: [outcome.status, outcome.reason, outcome.attempts, now, id],
  })
  return rs.rowsAffected === 1
}

/**
 * Pending rows due for delivery, oldest first (served by the partial index of 0003): those left
 * untouched since `before` (a sender died), and push deliveries whose retry_at has come.
 */
export async function stalePending(
  db: Client,
  before: number,
  limit: number,
  now = before,
): Promise<LogEntry[]> {
  const rs = await db.execute({
    sql: `SELECT * FROM notification_log WHERE status = 'pending'
            AND ((retry_at IS NULL AND updated_at <= ?) OR retry_at <= ?)
          ORDER BY updated_at, id LIMIT ?`,
    args: [before, now, limit],
  })
  return rs.rows.map(toEntry)
}

/**
 * Takes over a stale pending row: compare-and-set on the updated_at that was read, so of two
 * outbox runs only one delivers it (and the bumped updated_at keeps the next run away for a while;
 * a retry_at is moved as far, `holdMs`, for the same reason).
 */
export async function leasePending(
  db: Client,
  id: number,
  seenUpdatedAt: number,
  now: number,
  holdMs = 0,
): Promise<boolean> {
  const rs = await db.execute({
    sql: `UPDATE notification_log SET updated_at = ?, retry_at = CASE WHEN retry_at IS NULL THEN NULL ELSE ? END
          WHERE id = ? AND status = 'pending' AND updated_at = ?`,
    args: [now, now + holdMs, id, seenUpdatedAt],
  })
  return rs.rowsAffected === 1
}

/**
 * A push delivery that failed in a way worth retrying stays pending until `retryAt` (the outbox
 * takes it then); `reason` says why the last attempt failed. False when it was no longer pending.
 */
export async function scheduleRetry(
  db: Client,
  id: number,
  o: { reason: string; attempts: number; retryAt: number },
  now: number,
): Promise<boolean> {
  const rs = await db.execute({
    sql: `UPDATE notification_log SET reason = ?, attempts = attempts + ?, retry_at = ?, updated_at = ?
          WHERE id = ? AND status = 'pending'`,
    args: [o.reason, o.attempts, o.retryAt, now, id],
  })
  return rs.rowsAffected === 1
}

export async function logForEvent(db: Client, eventId: number): Promise<LogEntry[]> {
  const rs = await db.execute({
    sql: 'SELECT * FROM notification_log WHERE event_id = ? ORDER BY id',
    args: [eventId],
  })
  return rs.rows.map(toEntry)
}

/** The customer's latest notification decisions, newest first (the dashboard's history). */
export async function recentNotifications(db: Client, customerId: string, limit = 20): Promise<LogEntry[]> {
  const rs = await db.execute({
    sql: `SELECT * FROM notification_log WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
    args: [customerId, limit],
  })
  return rs.rows.map(toEntry)
}

/** The customer's latest decision of one event type (the monthly report's last send), or null. */
export async function latestOfType(
  db: Client,
  customerId: string,
  eventType: string,
): Promise<LogEntry | null> {
  const rs = await db.execute({
    sql: `SELECT * FROM notification_log WHERE customer_id = ? AND event_type = ? ORDER BY created_at DESC, id DESC LIMIT 1`,
    args: [customerId, eventType],
  })
  return rs.rows[0] ? toEntry(rs.rows[0]) : null
}

/** The latest deliveries to the given channels, newest first (the channels settings page). */
export async function recentOnChannels(db: Client, channels: string[], limit = 20): Promise<LogEntry[]> {
  if (channels.length === 0) return []
  const rs = await db.execute({
    sql: `SELECT * FROM notification_log WHERE channel IN (${channels.map(() => '?').join(', ')})
          ORDER BY id DESC LIMIT ?`,
    args: [...channels, limit],
  })
  return rs.rows.map(toEntry)
}
