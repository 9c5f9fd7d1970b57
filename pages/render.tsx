// Turns a page's vnode into the Response every dashboard page shares: HTML with a strict CSP.
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'

/**
 * The only script is /assets/hub.js and the only styles /assets/hub.css (no inline script or
 * style); charts are inline SVG elements, which need no img-src.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
}

export interface RenderOptions {
  status?: number
  headers?: HeadersInit
  /** Set-Cookie values; several may be set at once. */
  cookies?: string[]
}

export function renderPage(vnode: VNode<any>, opts: RenderOptions = {}): Response {
  const headers = new Headers(opts.headers)
  headers.set('Content-Type', 'text/html; charset=utf-8')
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v)
  for (const c of opts.cookies ?? []) headers.append('Set-Cookie', c)
  return new Response('<!doctype html>' + renderToString(vnode), { status: opts.status ?? 200, headers })
}
