// sessions: dashboard logins. The row is keyed by a SHA-256 digest of the session id, so a copy of
// the database holds no cookie that would log anyone in.
import type { Client } from '@libsql/client'

export interface SessionRow {
  idDigest: string
  csrfToken: string
  createdAt: number
  expiresAt: number
}

export async function insertSession(
  db: Client,
  s: SessionRow & { ip: string | null; userAgent: string | null },
): Promise<void> {
  await db.execute({
    sql: `INSERT INTO sessions (id_digest, csrf_token, created_at, expires_at, ip, user_agent)
          VALUES (?, ?, ?, ?, ?, ?)`,
    args: [s.idDigest, s.csrfToken, s.createdAt, s.expiresAt, s.ip, s.userAgent],
  })
}

/** The session behind a digest, if it exists and has not expired at `now`. */
export async function liveSession(db: Client, idDigest: string, now: number): Promise<SessionRow | null> {
  const rs = await db.execute({
    sql: `SELECT id_digest, csrf_token, created_at, expires_at FROM sessions
          WHERE id_digest = ? AND expires_at > ?`,
    args: [idDigest, now],
  })
  const r = rs.rows[0]
  if (!r) return null
  return {
    idDigest: String(r.id_digest),
    csrfToken: String(r.csrf_token),
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
  }
}

export async function deleteSession(db: Client, idDigest: string): Promise<boolean> {
  const rs = await db.execute({ sql: 'DELETE FROM sessions WHERE id_digest = ?', args: [idDigest] })
  return rs.rowsAffected === 1
}

/** Revokes every session (a password change, or "log out everywhere"). */
export async function deleteAllSessions(db: Client): Promise<number> {
  const rs = await db.execute('DELETE FROM sessions')
  return rs.rowsAffected
}
