// Secrets at rest and credential digests, on WebCrypto only.
//
// - encrypt/decrypt: AES-256-GCM, a fresh 96-bit IV per message, the AAD binding the ciphertext
//   to where it belongs (e.g. "infra-backup:kovacs-csalad:3"), so a row copied elsewhere fails.
// - digest: SHA-256 of a high-entropy generated credential (API keys, retrieval passwords,
//   session ids). A dump of the database reveals no usable key.
// - mac: HMAC-SHA-256 under a key derived from server.secret_key, for data that may hold
//   low-entropy secrets (a request body with restic passwords): equal input, equal mac, and
//   without the secret key a stored mac cannot be used to test guesses.
import { deflateSync, inflateSync } from 'fflate'

const enc = new TextEncoder()
const dec = new TextDecoder()
const FORMAT_V1 = 1

export interface Secrets {
  encrypt(plain: Uint8Array, aad: string): Promise<Uint8Array>
  decrypt(blob: Uint8Array, aad: string): Promise<Uint8Array>
  encryptJson(value: unknown, aad: string): Promise<Uint8Array>
  decryptJson<T>(blob: Uint8Array, aad: string): Promise<T>
  /** HMAC-SHA-256 of `data` under a key derived from the secret key, as hex. */
  mac(data: Uint8Array): Promise<string>
  /**
   * HMAC-SHA-256 of `data` under a key derived for `purpose` alone (HKDF info `purpose:<purpose>`),
   * so a signature made for one purpose (an acknowledgement link) is worthless for any other.
   */
  macFor(purpose: string, data: Uint8Array): Promise<Uint8Array>
}

/** Derives the AES key from server.secret_key (any string of 32+ characters) with HKDF. */
export async function createSecrets(secretKey: string): Promise<Secrets> {
  if (secretKey.length < 32) throw new Error('secret key must be at least 32 characters')
  const material = await crypto.subtle.importKey('raw', enc.encode(secretKey), 'HKDF', false, ['deriveKey'])
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: enc.encode('felhom-hub'), info: enc.encode('secrets-at-rest v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
  const macKey = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: enc.encode('felhom-hub'), info: enc.encode('mac v1') },
    material,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  )
  const encrypt = async (plain: Uint8Array, aad: string) => {
    const iv = crypto.getRandomValues(new Uint8Array(12))
    const ct = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: enc.encode(aad) },
        key,
        plain as BufferSource,
      ),
    )
    const out = new Uint8Array(1 + iv.length + ct.length)
    out[0] = FORMAT_V1
    out.set(iv, 1)
    out.set(ct, 13)
    return out
  }
  const decrypt = async (blob: Uint8Array, aad: string) => {
    if (blob[0] !== FORMAT_V1) throw new Error('unknown ciphertext format')
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: blob.subarray(1, 13) as BufferSource, additionalData: enc.encode(aad) },
      key,
      blob.subarray(13) as BufferSource,
    )
    return new Uint8Array(pt)
  }
  const macFor = async (purpose: string, data: Uint8Array) => {
    const info = enc.encode(`purpose:${purpose}`)
    const k = await crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: enc.encode('felhom-hub'), info },
      material,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign'],
    )
    return new Uint8Array(await crypto.subtle.sign('HMAC', k, data as BufferSource))
  }
  return {
    encrypt,
    decrypt,
    macFor,
    encryptJson: (value, aad) => encrypt(enc.encode(JSON.stringify(value)), aad),
    decryptJson: async (blob, aad) => JSON.parse(dec.decode(await decrypt(blob, aad))),
    mac: async (data) => hex(new Uint8Array(await crypto.subtle.sign('HMAC', macKey, data as BufferSource))),
  }
}

export async function sha256Hex(value: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', enc.encode(value))
  return hex(new Uint8Array(d))
}

/** Constant-time comparison of two strings (length is not secret here: both are digests). */
export function timingSafeEqual(a: string, b: string): boolean {
  const ab = enc.encode(a)
  const bb = enc.encode(b)
  let diff = ab.length ^ bb.length
  for (let i = 0; i < Math.max(ab.length, bb.length); i++) diff |= (ab[i] ?? 0) ^ (bb[i] ?? 0)
  return diff === 0
}

/** A URL-safe random token with `bytes` of entropy. */
export function randomToken(bytes = 32): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes))
  let s = ''
  for (const x of b) s += String.fromCharCode(x)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function hex(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}

/**
 * deflate-raw for stored JSON. fflate runs synchronously in plain JS (Node and workerd alike): for
 * a 5 KB report it costs ~0.2 ms of CPU, where CompressionStream cost ~1 ms of stream plumbing.
 */
export async function deflate(data: Uint8Array, dictionary?: Uint8Array): Promise<Uint8Array> {
  return deflateSync(data, dictionary ? { level: 6, dictionary } : { level: 6 })
}

export async function inflate(data: Uint8Array, dictionary?: Uint8Array): Promise<Uint8Array> {
  return inflateSync(data, dictionary ? { dictionary } : undefined)
}
