// Which controller URLs the hub may call. A controller URL comes from a report (any API key
// holder can send one) or from the operator, so without this check the hub could be pointed at
// its own cluster network (docs/api.md §5).
import type { Env } from '../core/env.js'
import { classifyAddress, type AddressClass } from './ip.js'

export type AddressCheck =
  | { ok: true; url: URL }
  | { ok: false; reason: 'invalid_url' | 'private_address' | 'unreachable'; message: string }

const invalid = (message: string): AddressCheck => ({ ok: false, reason: 'invalid_url', message })

const refused = (host: string, cls: AddressClass, via?: string): AddressCheck => ({
  ok: false,
  reason: 'private_address',
  message:
    `The controller address ${host}${via ? ` (resolved to ${via})` : ''} is ${/^[aeiou]/.test(cls) ? 'an' : 'a'} ${cls} address; the hub only calls ` +
    'public addresses. Set controllers.allow_private_addresses in hub.yaml to allow it.',
})

/**
 * Checks a controller base URL: http(s) only, no credentials in it, and (unless
 * `controllers.allow_private_addresses`) no loopback, private, link-local or unspecified address,
 * neither as the literal host nor among the addresses it resolves to when `env.resolveHost`
 * exists. A name that does not resolve is 'unreachable'. Never throws.
 */
export async function checkControllerUrl(env: Env, raw: string): Promise<AddressCheck> {
  // 1. Shape.
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return invalid(`"${raw}" is not a valid URL.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return invalid(`The controller URL must start with http:// or https://, not ${url.protocol}//.`)
  }
  if (url.username !== '' || url.password !== '') {
    return invalid('The controller URL must not contain a user name or password.')
  }
  if (url.hostname === '') return invalid('The controller URL has no host.')
  if (env.config.controllers.allow_private_addresses) return { ok: true, url }

  // 2. The literal host. The URL parser has already turned 0x7f.1 or 2130706433 into 127.0.0.1.
  const host = url.hostname.replace(/\.+$/, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return refused(url.hostname, 'loopback')
  const literal = classifyAddress(host)
  if (literal) return refused(url.hostname, literal)
  if (literal === null || !env.resolveHost) return { ok: true, url }

  // 3. Every address the name resolves to: one private answer is enough to refuse.
  let addresses: string[]
  try {
    addresses = await env.resolveHost(host)
  } catch (err) {
    const code = (err as { code?: string }).code
    return {
      ok: false,
      reason: 'unreachable',
      message: `The controller host ${url.hostname} could not be resolved${code ? ` (${code})` : ''}.`,
    }
  }
  if (addresses.length === 0) {
    return {
      ok: false,
      reason: 'unreachable',
      message: `The controller host ${url.hostname} has no addresses.`,
    }
  }
  for (const address of addresses) {
    const cls = classifyAddress(address)
    if (cls === undefined) return refused(url.hostname, 'reserved', address)
    if (cls) return refused(url.hostname, cls, address)
  }
  return { ok: true, url }
}
