// The operator's second factor: the TOTP secret (sealed), enrolments not yet confirmed, and the
// recovery codes (HMAC digests). Changes to the factor are batches of statements, so the factor,
// its codes and the sessions it ends change in one transaction.
import type { Client, InStatement } from '@libsql/client'
import { bytes, num } from './rows.js'
import { deleteOtherSessionsStatement } from './sessions.js'

export interface StoredFactor {
  sealedSecret: Uint8Array
  createdAt: number
  /** The last time step a code was accepted for. */
  lastStep: number
}

export async function getFactor(db: Client): Promise<StoredFactor | null> {
  const rs = await db.execute('SELECT secret, created_at, last_step FROM totp_factor WHERE id = 1')
  const r = rs.rows[0]
  if (!r) return null
  return { sealedSecret: bytes(r.secret), createdAt: Number(r.created_at), lastStep: Number(r.last_step) }
}

export async function hasFactor(db: Client): Promise<boolean> {
  const rs = await db.execute('SELECT 1 FROM totp_factor WHERE id = 1')
  return rs.rows.length > 0
}

/**
 * Accepts a code of time step `step` once: compare-and-set on the last accepted step, so a replay
 * (the same step, or an earlier one) and the loser of two concurrent uses both get false.
 */
export async function claimStep(db: Client, step: number): Promise<boolean> {
  const rs = await db.execute({
    sql: 'UPDATE totp_factor SET last_step = ? WHERE id = 1 AND last_step < ?',
    args: [step, step],
  })
  return rs.rowsAffected === 1
}

const insertCodes = (digests: string[], now: number): InStatement[] =>
  digests.map((d) => ({
    sql: 'INSERT INTO recovery_codes (digest, created_at) VALUES (?, ?)',
    args: [d, now],
  }))

/**
 * Makes `sealedSecret` the factor (its confirming code's step already used), with fresh recovery
 * codes, and ends every session but `keepSession` and every enrolment, in one transaction.
 */
export async function replaceFactor(
  db: Client,
  f: { sealedSecret: Uint8Array; createdAt: number; usedStep: number },
  codeDigests: string[],
  keepSession: string | null,
): Promise<void> {
  await db.batch(
    [
      'DELETE FROM totp_factor',
      {
        sql: 'INSERT INTO totp_factor (id, secret, created_at, last_step) VALUES (1, ?, ?, ?)',
        args: [f.sealedSecret, f.createdAt, f.usedStep],
      },
      'DELETE FROM recovery_codes',
      ...insertCodes(codeDigests, f.createdAt),
      'DELETE FROM totp_enrolments',
      deleteOtherSessionsStatement(keepSession),
    ],
    'write',
  )
}

/** Removes the factor and its codes; ends every session but `keepSession` (null: all). */
export async function removeFactor(db: Client, keepSession: string | null): Promise<boolean> {
  const [removed] = await db.batch(
    [
      'DELETE FROM totp_factor',
      'DELETE FROM recovery_codes',
      'DELETE FROM totp_enrolments',
      deleteOtherSessionsStatement(keepSession),
    ],
    'write',
  )
  return removed.rowsAffected > 0
}

/** New recovery codes replace the old ones; every session but `keepSession` ends. */
export async function replaceRecoveryCodes(
  db: Client,
  codeDigests: string[],
  now: number,
  keepSession: string,
): Promise<void> {
  await db.batch(
    [
      'DELETE FROM recovery_codes',
      ...insertCodes(codeDigests, now),
      deleteOtherSessionsStatement(keepSession),
    ],
    'write',
  )
}

/** Uses a recovery code once: true for the one caller that marked it used. */
export async function useRecoveryCode(db: Client, digest: string, now: number): Promise<boolean> {
  const rs = await db.execute({
    sql: 'UPDATE recovery_codes SET used_at = ? WHERE digest = ? AND used_at IS NULL',
    args: [now, digest],
  })
  return rs.rowsAffected === 1
}

export async function recoveryCodesLeft(db: Client): Promise<number> {
  const rs = await db.execute('SELECT count(*) AS n FROM recovery_codes WHERE used_at IS NULL')
  return Number(rs.rows[0].n)
}

/** Starts (or restarts) the enrolment of the session `sessionDigest`. */
export async function putEnrolment(
  db: Client,
  sessionDigest: string,
  sealedSecret: Uint8Array,
  now: number,
  expiresAt: number,
): Promise<void> {
  await db.execute({
    sql: `INSERT INTO totp_enrolments (session_digest, secret, created_at, expires_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (session_digest) DO UPDATE SET secret = excluded.secret,
            created_at = excluded.created_at, expires_at = excluded.expires_at`,
    args: [sessionDigest, sealedSecret, now, expiresAt],
  })
}

export async function getEnrolment(
  db: Client,
  sessionDigest: string,
  now: number,
): Promise<{ sealedSecret: Uint8Array; createdAt: number } | null> {
  const rs = await db.execute({
    sql: 'SELECT secret, created_at FROM totp_enrolments WHERE session_digest = ? AND expires_at > ?',
    args: [sessionDigest, now],
  })
  const r = rs.rows[0]
  return r ? { sealedSecret: bytes(r.secret), createdAt: num(r.created_at) ?? now } : null
}

/** Enrolments and pending logins whose time is up (the prune job). */
export async function deleteExpiredSignInSteps(db: Client, now: number): Promise<number> {
  const [a, b] = await db.batch(
    [
      { sql: 'DELETE FROM totp_enrolments WHERE expires_at <= ?', args: [now] },
      { sql: 'DELETE FROM pending_logins WHERE expires_at <= ?', args: [now] },
    ],
    'write',
  )
  return a.rowsAffected + b.rowsAffected
}
