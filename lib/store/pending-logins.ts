// pending_logins: a password given, the second factor not yet. Keyed by the digest of the id in
// the browser's cookie; short-lived, and consumed by the code that completes it.
import type { Client } from '@libsql/client'

export interface PendingLogin {
  idDigest: string
  csrfToken: string
  createdAt: number
  expiresAt: number
  ip: string | null
  userAgent: string | null
}

export async function insertPendingLogin(
  db: Client,
  p: PendingLogin & { passwordDigest: string },
): Promise<void> {
  await db.execute({
    sql: `INSERT INTO pending_logins (id_digest, csrf_token, created_at, expires_at, ip, user_agent, password_digest)
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
    args: [p.idDigest, p.csrfToken, p.createdAt, p.expiresAt, p.ip, p.userAgent, p.passwordDigest],
  })
}

/** The pending login behind a digest, if live at `now` and made under the current password hash. */
export async function livePendingLogin(
  db: Client,
  idDigest: string,
  now: number,
  passwordDigest: string,
): Promise<PendingLogin | null> {
  const rs = await db.execute({
    sql: `SELECT id_digest, csrf_token, created_at, expires_at, ip, user_agent FROM pending_logins
          WHERE id_digest = ? AND expires_at > ? AND password_digest = ?`,
    args: [idDigest, now, passwordDigest],
  })
  const r = rs.rows[0]
  if (!r) return null
  return {
    idDigest: String(r.id_digest),
    csrfToken: String(r.csrf_token),
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    ip: r.ip === null ? null : String(r.ip),
    userAgent: r.user_agent === null ? null : String(r.user_agent),
  }
}

/** Consumes the record: true for the one caller that deleted it (a double submit gets false). */
export async function consumePendingLogin(db: Client, idDigest: string): Promise<boolean> {
  const rs = await db.execute({ sql: 'DELETE FROM pending_logins WHERE id_digest = ?', args: [idDigest] })
  return rs.rowsAffected === 1
}
