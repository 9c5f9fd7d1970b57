// Second-factor helpers: a factor enrolled through the same lib functions the security page uses,
// and the codes an authenticator app would show at the test clock's time.
import { Secret } from 'otpauth/slim'
import { beginEnrolment, confirmEnrolment, currentEnrolment } from '../../lib/auth/second-factor.js'
import { TOTP_PARAMS, totpCode } from '../../lib/auth/totp.js'
import type { TestEnv } from './env.js'

export interface EnrolledFactor {
  secret: Uint8Array
  recoveryCodes: string[]
  /** The code the app shows at the env's clock time (or `offsetMs` from it). */
  code(offsetMs?: number): string
}

/**
 * Enrols a factor as the security page does (begin, then confirm with the app's code), then moves
 * the clock on one time step, as a person signing in later would be: the confirming code's step
 * is spent, so its code would be refused as a replay.
 */
export async function enrolFactor(env: TestEnv): Promise<EnrolledFactor> {
  const owner = 'test-enrolling-session'
  await beginEnrolment(env, owner)
  const enrolment = (await currentEnrolment(env, owner))!
  const secret = Secret.fromBase32(enrolment.base32).bytes
  const now = () => env.clock.now().getTime()
  const confirmed = await confirmEnrolment(env, owner, totpCode(secret, now()), null)
  if (!confirmed.ok) throw new Error(`enrolment failed: ${confirmed.reason}`)
  env.clock.advance(TOTP_PARAMS.period * 1000)
  return {
    secret,
    recoveryCodes: confirmed.recoveryCodes,
    code: (offsetMs = 0) => totpCode(secret, now() + offsetMs),
  }
}

export async function auditRows(env: TestEnv, where = '1 = 1', args: (string | number)[] = []) {
  const rs = await env.db.execute({ sql: `SELECT * FROM audit_log WHERE ${where} ORDER BY id`, args })
  return rs.rows.map((r) => ({ ...r }) as Record<string, unknown>)
}
