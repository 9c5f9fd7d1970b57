// Standard Webhooks signatures (standardwebhooks.com, symmetric scheme): HMAC-SHA-256 over
// `${id}.${timestamp}.${body}` with the secret's bytes, sent as `v1,<base64>` in webhook-signature.
// WebCrypto only; checked against the specification's official test vector.
const enc = new TextEncoder()

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))

/** The webhook-signature value for one message: `v1,` and the base64 of the HMAC. */
export async function signWebhook(
  secret: Uint8Array,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    secret as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign('HMAC', key, enc.encode(`${id}.${timestampSeconds}.${body}`))
  return `v1,${base64(new Uint8Array(mac))}`
}
