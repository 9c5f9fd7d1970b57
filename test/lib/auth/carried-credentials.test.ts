import { describe, expect, it } from 'vitest'
import { weakCredentialReasons } from '../../../lib/auth/carried-credentials.js'

const KEY = 'go-hub-key-7Hq2Lx9Pz4Vb8Nc3' // 28 characters, as the Go hub's keys
const PW = 'retrieve-Qm4Tz8Kw'

describe('weakCredentialReasons', () => {
  it('accepts a key and a password a controller can send, of reasonable length and variety', () => {
    expect(weakCredentialReasons(KEY, PW)).toEqual([])
  })

  it.each([
    ['a key shorter than 24 characters', 'short-key-123456789', PW, 'api_key: shorter than 24 characters'],
    ['a key with a space', 'go hub key 7Hq2Lx9Pz4Vb8Nc3', PW, 'api_key: only printable ASCII without spaces'],
    ['a key with non-ASCII', 'go-hub-kulcs-árvíztűrő-7Hq2Lx', PW, 'api_key: only printable ASCII'],
    ['a key of one repeated character', 'x'.repeat(40), PW, 'api_key: fewer than 8 different characters'],
    ['a key over 512 characters', 'k7'.repeat(300), PW, 'api_key: longer than 512 characters'],
    ['a password shorter than 12', KEY, 'abc123def45', 'retrieval_password: shorter than 12 characters'],
    ['a password with a space', KEY, 'retrieve Qm4Tz8Kw', 'retrieval_password: only printable ASCII'],
    ['a password of two characters repeated', KEY, 'ababababababab', 'retrieval_password: fewer than 6'],
    ['the same value for both', KEY, KEY, 'api_key and retrieval_password must differ'],
    ['empty values', '', '', 'api_key: shorter than 24 characters'],
  ])('refuses %s, saying why', (_, key, pw, reason) => {
    expect(weakCredentialReasons(key, pw).join('\n')).toContain(reason)
  })
})
