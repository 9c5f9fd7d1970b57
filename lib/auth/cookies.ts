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
