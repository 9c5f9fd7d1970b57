// IP addresses and CIDR ranges, for server.trusted_proxies. Parsing and matching are ipaddr.js's
// (plain JavaScript, so this also runs in workerd); what is added here is the shape the hub wants:
// IPv4-mapped IPv6 (::ffff:10.0.0.1, what a dual-stack socket reports) is the IPv4 address it
// carries, and IPv4 is only the dotted quad (ipaddr.js would also read `10` as 0.0.0.10).
import ipaddr from 'ipaddr.js'

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6
export type IpRange = [IpAddress, number]

/** An address as a socket or an X-Forwarded-For entry gives it, or null if it is not one. */
export function parseIp(text: string): IpAddress | null {
  const s = text.trim()
  // A dual-stack socket reports every IPv4 peer as ::ffff:a.b.c.d; read those without the IPv6
  // parser, which costs some 15 µs an address.
  const v4 = /^::ffff:/i.test(s) ? s.slice(7) : s
  if (ipaddr.IPv4.isValidFourPartDecimal(v4)) return ipaddr.IPv4.parse(v4)
  if (!s.includes(':')) return null
  try {
    const v6 = ipaddr.IPv6.parse(s)
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6
  } catch {
    return null
  }
}

/**
 * A CIDR (`10.42.0.0/16`, `2001:cafe:42::/56`) or a bare address (that one host), or null. An
 * IPv4-mapped IPv6 range of /96 or narrower becomes the IPv4 range it covers.
 */
export function parseIpRange(text: string): IpRange | null {
  const [addressPart, bitsPart, extra] = text.trim().split('/')
  if (extra !== undefined) return null
  const address = parseIp(addressPart)
  if (!address || /%/.test(addressPart)) return null
  const max = address.kind() === 'ipv4' ? 32 : 128
  if (bitsPart === undefined) return [address, max]
  if (!/^\d{1,3}$/.test(bitsPart)) return null
  let bits = Number(bitsPart)
  // parseIp turned ::ffff:a.b.c.d into a.b.c.d: the prefix counted the 96 bits in front of it.
  if (address.kind() === 'ipv4' && addressPart.includes(':')) {
    if (bits < 96) return null
    bits -= 96
  }
  return bits <= max ? [address, bits] : null
}

export function inRanges(address: IpAddress, ranges: readonly IpRange[]): boolean {
  return ranges.some(([net, bits]) => net.kind() === address.kind() && address.match(net, bits))
}
