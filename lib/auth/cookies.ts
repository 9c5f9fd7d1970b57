// Cookie reading and writing for the dashboard, web-standard only.

export function readCookies(req: Request): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i <= 0) continue
    const name = part.slice(0, i).trim()
    let value = part.slice(i + 1).trim()
    try {
      value = decodeURIComponent(value)
    } catch {
      continue // a cookie we did not write; ignore it
    }
    if (!out.has(name)) out.set(name, value)
  }
  return out
}

/**
 * Whether the browser reached us over TLS: the ingress terminates TLS and says so in
 * X-Forwarded-Proto (its first entry); a direct https URL counts too.
 */
export function isSecureRequest(req: Request): boolean {
  const forwarded = req.headers.get('x-forwarded-proto')
  if (forwarded) return forwarded.split(',')[0].trim().toLowerCase() === 'https'
  return new URL(req.url).protocol === 'https:'
}

export interface CookieOptions {
  maxAgeSeconds?: number
  secure: boolean
}

/** A Set-Cookie value: always HttpOnly, SameSite=Lax and Path=/; Secure behind TLS. */
export function setCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax']
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(opts.maxAgeSeconds))}`)
  if (opts.secure) parts.push('Secure')
  return parts.join('; ')
}

export function clearCookie(name: string, secure: boolean): string {
  return setCookie(name, '', { maxAgeSeconds: 0, secure })
}

// The TCP peer of each request, recorded by the Node entry (workerd has no such thing).
const peers = new WeakMap<Request, string>()
export function rememberPeer(req: Request, address: string | undefined): void {
  if (address) peers.set(req, address)
}

/**
 * The client's address for throttling: the LAST X-Forwarded-For entry, which the ingress appended
 * itself (the earlier entries are whatever the client claimed, so keying on them would let an
 * attacker pick a fresh bucket per attempt); without the header, the TCP peer; else 'unknown'.
 */
export function clientIp(req: Request): string {
  const last = req.headers.get('x-forwarded-for')?.split(',').pop()?.trim()
  if (last && last.length <= 64) return last
  return peers.get(req) ?? 'unknown'
}
