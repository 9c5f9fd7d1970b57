// Writing the audit log. What is written is chosen by code, never copied from a request: an
// action name, an outcome, the customer acted on, the client's address, the session's public id,
// and a short error text the hub itself produced (a flash message, an error's message), so no
// password, code, token, API key or form body can reach it.
import type { Env } from '../core/env.js'
import { errorFields } from '../core/log.js'
import { insertAuditEntry, type AuditEntry } from '../store/audit-log.js'
import type { AuditAction, AuditOutcome } from './actions.js'

export interface AuditInput {
  action: AuditAction
  outcome: AuditOutcome
  customerId?: string | null
  ip?: string | null
  sessionId?: string | null
  requestId?: string | null
  detail?: string | null
  error?: string | null
}

const oneLine = (s: string | null | undefined, max: number): string | null => {
  if (s === null || s === undefined) return null
  const t = s.replace(/\s+/g, ' ').trim()
  if (t === '') return null
  return t.length > max ? `${t.slice(0, max - 1)}…` : t
}

/**
 * Appends one entry. A failure to write is logged as an error and does not undo or fail the
 * action, which has happened by then; the log line carries what the entry would have said.
 */
export async function recordAudit(env: Env, input: AuditInput): Promise<void> {
  const entry: AuditEntry = {
    at: env.clock.now().getTime(),
    action: input.action,
    outcome: input.outcome,
    customerId: input.customerId ?? null,
    ip: oneLine(input.ip, 64),
    sessionId: input.sessionId ?? null,
    requestId: input.requestId ?? null,
    detail: oneLine(input.detail, 200),
    error: oneLine(input.error, 300),
  }
  try {
    await insertAuditEntry(env.db, entry)
  } catch (err) {
    env.log.error('audit entry not written', { audit: entry, ...errorFields(err) })
  }
}
