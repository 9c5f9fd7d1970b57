// audit_log: one row per operator action, with its outcome. Read newest first, by id (keyset
// pagination: the page after is everything older than the last id shown).
import type { Client, InValue } from '@libsql/client'
import { str, type Row } from './rows.js'

export interface AuditEntry {
  at: number
  action: string
  outcome: 'ok' | 'refused' | 'error'
  customerId: string | null
  ip: string | null
  sessionId: string | null
  requestId: string | null
  detail: string | null
  error: string | null
}

export type StoredAuditEntry = AuditEntry & { id: number }

export interface AuditFilter {
  customerId?: string
  action?: string
  outcome?: string
  /** Inclusive lower bound of `at`. */
  from?: number
  /** Exclusive upper bound of `at`. */
  to?: number
  /** Only rows older than this id (the next page). */
  beforeId?: number
}

function toEntry(r: Row): StoredAuditEntry {
  return {
    id: Number(r.id),
    at: Number(r.at),
    action: String(r.action),
    outcome: String(r.outcome) as AuditEntry['outcome'],
    customerId: str(r.customer_id),
    ip: str(r.ip),
    sessionId: str(r.session_id),
    requestId: str(r.request_id),
    detail: str(r.detail),
    error: str(r.error),
  }
}

export async function insertAuditEntry(db: Client, e: AuditEntry): Promise<number> {
  const rs = await db.execute({
    sql: `INSERT INTO audit_log (at, action, outcome, customer_id, ip, session_id, request_id, detail, error)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [e.at, e.action, e.outcome, e.customerId, e.ip, e.sessionId, e.requestId, e.detail, e.error],
  })
  return Number(rs.lastInsertRowid)
}

/** Up to `limit` entries matching the filter, newest first. */
export async function findAuditEntries(
  db: Client,
  f: AuditFilter,
  limit: number,
): Promise<StoredAuditEntry[]> {
  const where: string[] = []
  const args: InValue[] = []
  const add = (clause: string, value: InValue | undefined) => {
    if (value === undefined) return
    where.push(clause)
    args.push(value)
  }
  add('customer_id = ?', f.customerId)
  add('action = ?', f.action)
  add('outcome = ?', f.outcome)
  add('at >= ?', f.from)
  add('at < ?', f.to)
  add('id < ?', f.beforeId)
  const rs = await db.execute({
    sql: `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY id DESC LIMIT ?`,
    args: [...args, limit],
  })
  return rs.rows.map(toEntry)
}
