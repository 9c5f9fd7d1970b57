// TOTP, RFC 6238, through otpauth. `otpauth/slim` is the build without node:* (its HMAC comes from
// @noble/hashes, synchronous and pure JS), so the same code runs under Node and in workerd; the
// package's default export on Node would pull in node:crypto. Time always comes from the caller
// (env.clock), never from Date.now().
import { Secret, TOTP } from 'otpauth/slim'
import { renderSVG } from 'uqr'

export interface TotpParams {
  algorithm: 'SHA1' | 'SHA256' | 'SHA512'
  digits: number
  /** Seconds per time step. */
  period: number
}

/** What every authenticator app understands: SHA-1, six digits, 30-second steps. */
export const TOTP_PARAMS: TotpParams = { algorithm: 'SHA1', digits: 6, period: 30 }

/** Codes from the step before and the step after the current one are accepted too (clock drift). */
export const TOTP_WINDOW = 1

/** A fresh 160-bit secret (RFC 4226's recommended length) from crypto.getRandomValues. */
export const newTotpSecret = (): Uint8Array => new Secret({ size: 20 }).bytes

export const base32Of = (secret: Uint8Array): string => new Secret({ buffer: copy(secret) }).base32

/** The time step `now` (ms since the epoch) falls in. */
export const stepAt = (now: number, params: TotpParams = TOTP_PARAMS): number =>
  TOTP.counter({ period: params.period, timestamp: now })

/** The code for the time step of `now`. */
export function totpCode(secret: Uint8Array, now: number, params: TotpParams = TOTP_PARAMS): string {
  return TOTP.generate({ secret: new Secret({ buffer: copy(secret) }), ...params, timestamp: now })
}

/**
 * The time step whose code `code` is, within ±TOTP_WINDOW steps of `now`, or null. Spaces in the
 * code are ignored (apps show "123 456"); anything but digits of the right length is no match.
 * Whether that step was used already is the caller's to check (the last accepted step is stored).
 */
export function matchStep(
  secret: Uint8Array,
  code: string,
  now: number,
  params: TotpParams = TOTP_PARAMS,
): number | null {
  const token = code.replace(/\s+/g, '')
  if (!new RegExp(`^\\d{${params.digits}}$`).test(token)) return null
  const delta = TOTP.validate({
    token,
    secret: new Secret({ buffer: copy(secret) }),
    ...params,
    timestamp: now,
    window: TOTP_WINDOW,
  })
  return delta === null ? null : stepAt(now, params) + delta
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function otpauthUri(secret: Uint8Array, issuer: string, label: string): string {
  const totp = new TOTP({ issuer, label, secret: new Secret({ buffer: copy(secret) }), ...TOTP_PARAMS })
  return totp.toString()
}

/**
 * The QR code of `text` as an SVG element: presentation attributes only (no style attribute, so
 * the dashboard's CSP allows it), a quiet zone of four modules as the QR standard asks (uqr's
 * default is one), a viewBox and no size, so CSS sizes it.
 */
export const qrSvg = (text: string): string => renderSVG(text, { ecc: 'M', border: 4 })

// otpauth keeps the ArrayBuffer it is given; a copy keeps a caller's view of a larger buffer
// (a decrypted blob, a subarray) from leaking its neighbours into the key.
function copy(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer
}
