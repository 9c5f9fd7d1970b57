// RFC 6238 through lib/auth/totp.ts, with the time given explicitly (as env.clock gives it).
import { describe, expect, it } from 'vitest'
import {
  TOTP_PARAMS,
  matchStep,
  newTotpSecret,
  otpauthUri,
  qrSvg,
  stepAt,
  totpCode,
  type TotpParams,
} from '../../../lib/auth/totp.js'

const ascii = (s: string) => new TextEncoder().encode(s)

// RFC 6238 Appendix B: T0 = 0, X = 30 s, 8 digits, the ASCII seeds of each hash's length.
const SEEDS = {
  SHA1: ascii('12345678901234567890'),
  SHA256: ascii('12345678901234567890123456789012'),
  SHA512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
}
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
]
const rfc = (algorithm: TotpParams['algorithm']): TotpParams => ({ algorithm, digits: 8, period: 30 })

describe('TOTP, RFC 6238', () => {
  for (const [i, algorithm] of (['SHA1', 'SHA256', 'SHA512'] as const).entries()) {
    it(`gives the RFC's ${algorithm} test vectors at their times, and accepts each at its own step`, () => {
      for (const v of VECTORS) {
        const seconds = v[0]
        const code = v[i + 1] as string
        const now = seconds * 1000
        expect(totpCode(SEEDS[algorithm], now, rfc(algorithm)), `T=${seconds}`).toBe(code)
        expect(matchStep(SEEDS[algorithm], code, now, rfc(algorithm))).toBe(Math.floor(seconds / 30))
      }
    })
  }

  it('uses what authenticator apps expect by default: SHA-1, six digits, 30-second steps', () => {
    expect(TOTP_PARAMS).toEqual({ algorithm: 'SHA1', digits: 6, period: 30 })
    // The RFC's SHA-1 value at T=59 is 94287082; six digits are its last six.
    expect(totpCode(SEEDS.SHA1, 59_000)).toBe('287082')
  })

  describe('the ±1 step window', () => {
    const secret = SEEDS.SHA1
    const stepStart = 1_800_000_000_000 // a step boundary: divisible by 30 s
    const code = totpCode(secret, stepStart)
    const k = stepAt(stepStart)

    it('accepts the code through the whole next step, and not a millisecond after it', () => {
      expect(matchStep(secret, code, stepStart + 59_999)).toBe(k)
      expect(matchStep(secret, code, stepStart + 60_000)).toBeNull()
    })

    it('accepts the code from the start of the step before, and not a millisecond earlier', () => {
      expect(matchStep(secret, code, stepStart - 30_000)).toBe(k)
      expect(matchStep(secret, code, stepStart - 30_001)).toBeNull()
    })

    it('answers with the step the code belongs to, not the step of now', () => {
      expect(matchStep(secret, code, stepStart + 30_000)).toBe(k)
      expect(stepAt(stepStart + 30_000)).toBe(k + 1)
    })
  })

  it('takes a code with a space in it, and refuses anything that is not six digits', () => {
    const code = totpCode(SEEDS.SHA1, 59_000)
    expect(matchStep(SEEDS.SHA1, `${code.slice(0, 3)} ${code.slice(3)}`, 59_000)).toBe(1)
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}\n1`, '٢٨٧٠٨٢']) {
      expect(matchStep(SEEDS.SHA1, bad, 59_000), JSON.stringify(bad)).toBeNull()
    }
  })

  it('makes a fresh 160-bit secret each time', () => {
    const a = newTotpSecret()
    expect(a.length).toBe(20)
    expect(a).not.toEqual(newTotpSecret())
  })

  it('writes the otpauth URI apps read: issuer, label, base32 secret, SHA1, 6 digits, 30 s', () => {
    const uri = otpauthUri(SEEDS.SHA1, 'felhom hub', 'hub.felhom.eu')
    expect(uri).toBe(
      'otpauth://totp/felhom%20hub:hub.felhom.eu?issuer=felhom%20hub&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' +
        '&algorithm=SHA1&digits=6&period=30',
    )
  })
})

describe('the QR code', () => {
  const svg = qrSvg('otpauth://totp/felhom%20hub:hub.felhom.eu?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')

  it('is an SVG element with no style attribute or element, which the strict CSP would block', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg).not.toMatch(/style/i)
    expect(svg).not.toMatch(/<script|on\w+=/i)
  })

  it('has a quiet zone of four modules and no fixed size (CSS sizes it)', () => {
    const [, side] = /viewBox="0 0 (\d+) \1"/.exec(svg)!
    expect(svg).not.toMatch(/<svg[^>]* (width|height)=/)
    // 10 units a module: the first dark module starts 4 modules in, and the side is the code
    // (21 + 4k modules for version k) plus 4 on each side.
    expect(svg).toContain('<path fill="black" d="M40,40')
    expect((Number(side) / 10 - 8 - 21) % 4).toBe(0)
  })
})
