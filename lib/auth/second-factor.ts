// The operator's TOTP second factor: enrolment (a secret shown once, active only after one correct
// code), verification at login (±1 step, each step at most once), recovery codes, and removal.
// The secret is sealed with AES-GCM under server.secret_key like every other secret at rest.
// Every change of the factor (enrol, remove, regenerate codes) ends every other session at once.
import type { Env } from '../core/env.js'
import {
  claimStep,
  getEnrolment,
  getFactor,
  putEnrolment,
  recoveryCodesLeft,
  removeFactor,
  replaceFactor,
  replaceRecoveryCodes,
  useRecoveryCode,
} from '../store/second-factor.js'
import { newRecoveryCodes, normalizeRecoveryCode, recoveryCodeDigest } from './recovery-codes.js'
import { base32Of, matchStep, newTotpSecret, otpauthUri, qrSvg } from './totp.js'

/** Long enough to find the phone and scan; an abandoned enrolment is forgotten after this. */
export const ENROLMENT_TTL_MS = 15 * 60_000
export const TOTP_ISSUER = 'felhom hub'
const FACTOR_AAD = 'totp-factor v1'
const enrolmentAad = (sessionDigest: string) => `totp-enrolment:${sessionDigest}`

export interface FactorStatus {
  enrolled: boolean
  since: number | null
  recoveryCodesLeft: number
}

export async function factorStatus(env: Env): Promise<FactorStatus> {
  const factor = await getFactor(env.db)
  if (!factor) return { enrolled: false, since: null, recoveryCodesLeft: 0 }
  return { enrolled: true, since: factor.createdAt, recoveryCodesLeft: await recoveryCodesLeft(env.db) }
}

/** What the enrolment page shows: the QR code (inline SVG) and the same secret as text. */
export interface Enrolment {
  base32: string
  uri: string
  qrSvg: string
}

/** Starts (or restarts) an enrolment for the session; the active factor, if any, stays until confirmed. */
export async function beginEnrolment(env: Env, sessionDigest: string): Promise<void> {
  const now = env.clock.now().getTime()
  const sealed = await env.secrets.encrypt(newTotpSecret(), enrolmentAad(sessionDigest))
  await putEnrolment(env.db, sessionDigest, sealed, now, now + ENROLMENT_TTL_MS)
}

export async function currentEnrolment(env: Env, sessionDigest: string): Promise<Enrolment | null> {
  const secret = await enrolmentSecret(env, sessionDigest)
  if (!secret) return null
  const uri = otpauthUri(secret, TOTP_ISSUER, accountLabel(env))
  return { base32: base32Of(secret), uri, qrSvg: qrSvg(uri) }
}

export type Confirmation =
  { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'expired' | 'wrong-code' }

/**
 * The first correct code activates the enrolled secret: it replaces any factor before it, comes
 * with ten fresh recovery codes (shown once, by the caller), and ends every session but
 * `keepSession` (null: all of them; the caller starts a new one).
 */
export async function confirmEnrolment(
  env: Env,
  sessionDigest: string,
  code: string,
  keepSession: string | null,
): Promise<Confirmation> {
  const secret = await enrolmentSecret(env, sessionDigest)
  if (!secret) return { ok: false, reason: 'expired' }
  const now = env.clock.now().getTime()
  const step = matchStep(secret, code, now)
  if (step === null) return { ok: false, reason: 'wrong-code' }
  const recoveryCodes = newRecoveryCodes()
  const digests = await Promise.all(recoveryCodes.map((c) => recoveryCodeDigest(env, c)))
  const sealed = await env.secrets.encrypt(secret, FACTOR_AAD)
  // The confirming code's step counts as used: it cannot sign in a moment later.
  await replaceFactor(env.db, { sealedSecret: sealed, createdAt: now, usedStep: step }, digests, keepSession)
  return { ok: true, recoveryCodes }
}

export type CodeCheck = 'ok' | 'wrong' | 'replayed' | 'no-factor'

/** A login code: right within ±1 step, and of a later step than the last one accepted. */
export async function verifyCode(env: Env, code: string): Promise<CodeCheck> {
  const factor = await getFactor(env.db)
  if (!factor) return 'no-factor'
  const secret = await env.secrets.decrypt(factor.sealedSecret, FACTOR_AAD)
  const step = matchStep(secret, code, env.clock.now().getTime())
  if (step === null) return 'wrong'
  return (await claimStep(env.db, step)) ? 'ok' : 'replayed'
}

/** A recovery code, used at most once; how many are left after it. */
export async function useRecovery(
  env: Env,
  code: string,
): Promise<{ ok: true; left: number } | { ok: false; reason: 'wrong' | 'no-factor' }> {
  if (!(await getFactor(env.db))) return { ok: false, reason: 'no-factor' }
  if (normalizeRecoveryCode(code) === null) return { ok: false, reason: 'wrong' }
  const used = await useRecoveryCode(env.db, await recoveryCodeDigest(env, code), env.clock.now().getTime())
  if (!used) return { ok: false, reason: 'wrong' }
  return { ok: true, left: await recoveryCodesLeft(env.db) }
}

/** Ten new codes; the old ones stop working and every other session ends. */
export async function regenerateRecoveryCodes(env: Env, keepSession: string): Promise<string[]> {
  const codes = newRecoveryCodes()
  const digests = await Promise.all(codes.map((c) => recoveryCodeDigest(env, c)))
  await replaceRecoveryCodes(env.db, digests, env.clock.now().getTime(), keepSession)
  return codes
}

/** Removes the factor and its codes; ends every session but `keepSession` (null: all). */
export const removeSecondFactor = (env: Env, keepSession: string | null): Promise<boolean> =>
  removeFactor(env.db, keepSession)

async function enrolmentSecret(env: Env, sessionDigest: string): Promise<Uint8Array | null> {
  const row = await getEnrolment(env.db, sessionDigest, env.clock.now().getTime())
  return row ? env.secrets.decrypt(row.sealedSecret, enrolmentAad(sessionDigest)) : null
}

/** The account name the authenticator app shows: the hub's host name. */
function accountLabel(env: Env): string {
  try {
    return new URL(env.config.server.public_url).host
  } catch {
    return 'hub'
  }
}
