// sessions: dashboard logins. The row is keyed by a SHA-256 digest of the session id, so a copy of
// the database holds no cookie that would log anyone in; `public_id` is what the sessions page
// shows and revokes by.
import type { Client } from '@libsql/client'
import { num, str, type Row } from './rows.js'

export type SessionKind = 'full' | 'enrol'

export interface SessionRow {
  idDigest: string
  publicId: string
  kind: SessionKind
  csrfToken: string
  createdAt: number
  expiresAt: number
  lastSeenAt: number
  ip: string | null
  userAgent: string | null
}

export interface NewSession {
  idDigest: string
  kind: SessionKind
  csrfToken: string
  createdAt: number
  expiresAt: number
  ip: string | null
  userAgent: string | null
  passwordDigest: string
}

const COLUMNS = 'id_digest, public_id, kind, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent'

function toSession(r: Row): SessionRow {
  return {
    idDigest: String(r.id_digest),
    publicId: String(r.public_id),
    kind: r.kind === 'enrol' ? 'enrol' : 'full',
    csrfToken: String(r.csrf_token),
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    lastSeenAt: num(r.last_seen_at) ?? Number(r.created_at),
    ip: str(r.ip),
    userAgent: str(r.user_agent),
  }
}

export async function insertSession(db: Client, s: NewSession): Promise<SessionRow> {
  const rs = await db.execute({
    sql: `INSERT INTO sessions (id_digest, kind, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent, password_digest)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
    args: [
      s.idDigest,
      s.kind,
      s.csrfToken,
      s.createdAt,
      s.expiresAt,
      s.createdAt,
      s.ip,
      s.userAgent,
      s.passwordDigest,
    ],
  })
  return toSession(rs.rows[0])
}

/**
 * The session behind a digest, if it exists, has not expired at `now` and was made under the
 * password hash whose digest is `passwordDigest` (a changed auth.password_hash ends every session).
 */
export async function liveSession(
  db: Client,
  idDigest: string,
  now: number,
  passwordDigest: string,
): Promise<SessionRow | null> {
  const rs = await db.execute({
    sql: `SELECT ${COLUMNS} FROM sessions WHERE id_digest = ? AND expires_at > ? AND password_digest = ?`,
    args: [idDigest, now, passwordDigest],
  })
  return rs.rows[0] ? toSession(rs.rows[0]) : null
}

/**
 * Records that the session was used at `now`, at most once a minute: the write happens only when
 * the stored time is older than `staleBefore`, and two requests racing both find it done.
 */
export async function touchSession(db: Client, idDigest: string, now: number, staleBefore: number) {
  await db.execute({
    sql: 'UPDATE sessions SET last_seen_at = ? WHERE id_digest = ? AND last_seen_at < ?',
    args: [now, idDigest, staleBefore],
  })
}

/** The sessions made under the current password hash and still live, most recently used first. */
export async function listLiveSessions(
  db: Client,
  now: number,
  passwordDigest: string,
): Promise<SessionRow[]> {
  const rs = await db.execute({
    sql: `SELECT ${COLUMNS} FROM sessions WHERE expires_at > ? AND password_digest = ?
          ORDER BY last_seen_at DESC, created_at DESC LIMIT 200`,
    args: [now, passwordDigest],
  })
  return rs.rows.map(toSession)
}

export async function deleteSession(db: Client, idDigest: string): Promise<boolean> {
  const rs = await db.execute({ sql: 'DELETE FROM sessions WHERE id_digest = ?', args: [idDigest] })
  return rs.rowsAffected === 1
}

/** Revokes the session shown as `publicId`, unless it is `keepDigest` (the one asking). */
export async function deleteSessionByPublicId(db: Client, publicId: string, keepDigest: string) {
  const rs = await db.execute({
    sql: 'DELETE FROM sessions WHERE public_id = ? AND id_digest != ?',
    args: [publicId, keepDigest],
  })
  return rs.rowsAffected === 1
}

/** Every session but `keepDigest` (null: every session). */
export const deleteOtherSessionsStatement = (keepDigest: string | null) => ({
  sql: 'DELETE FROM sessions WHERE id_digest IS NOT ?',
  args: [keepDigest],
})

export async function deleteOtherSessions(db: Client, keepDigest: string | null): Promise<number> {
  const rs = await db.execute(deleteOtherSessionsStatement(keepDigest))
  return rs.rowsAffected
}
