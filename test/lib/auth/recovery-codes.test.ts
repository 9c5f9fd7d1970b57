import { describe, expect, it } from 'vitest'
import {
  RECOVERY_CODE_COUNT,
  newRecoveryCodes,
  normalizeRecoveryCode,
  recoveryCodeDigest,
} from '../../../lib/auth/recovery-codes.js'
import { createSecrets, sha256Hex } from '../../../lib/core/crypto.js'

describe('recovery codes', () => {
  it('come ten at a time as xxxxx-xxxxx in Crockford base32 (50 random bits each)', () => {
    const codes = newRecoveryCodes()
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT)
    for (const c of codes)
      expect(c).toMatch(/^[0-9abcdefghjkmnpqrstvwxyz]{5}-[0-9abcdefghjkmnpqrstvwxyz]{5}$/)
    expect(new Set([...codes, ...newRecoveryCodes()]).size).toBe(2 * RECOVERY_CODE_COUNT)
  })

  it('read the way people type them: any case, spaces or dashes, I/L as 1 and O as 0', () => {
    expect(normalizeRecoveryCode('ab1c0-de2fg')).toBe('ab1c0de2fg')
    expect(normalizeRecoveryCode(' AB1C0 DE2FG ')).toBe('ab1c0de2fg')
    expect(normalizeRecoveryCode('abIcO-de2fg')).toBe('ab1c0de2fg')
    expect(normalizeRecoveryCode('abLco-DE2FG')).toBe('ab1c0de2fg')
    for (const bad of ['', 'ab1c0-de2f', 'ab1c0-de2fgh', 'ab1c0-de2fu', "ab1c0'de2fg"]) {
      expect(normalizeRecoveryCode(bad), bad).toBeNull()
    }
  })

  it('are stored as an HMAC under the secret key: another key, another digest; never the plain SHA-256', async () => {
    const a = { secrets: await createSecrets('a'.repeat(32)) }
    const b = { secrets: await createSecrets('b'.repeat(32)) }
    const digest = await recoveryCodeDigest(a, 'ab1c0-de2fg')
    expect(await recoveryCodeDigest(a, 'AB1C0DE2FG')).toBe(digest)
    expect(await recoveryCodeDigest(b, 'ab1c0-de2fg')).not.toBe(digest)
    expect(digest).not.toBe(await sha256Hex('ab1c0de2fg'))
    expect(digest).toMatch(/^[0-9a-f]{64}$/)
  })
})
