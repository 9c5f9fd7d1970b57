// Which IP addresses the hub must not call (docs/api.md §5): everything but public unicast. The ranges are
// ipaddr.js's special ranges (plain JavaScript, so this also runs in workerd); this file only says
// which of them the hub refuses, and in what words. Addresses that carry an IPv4 address (mapped
// ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the address they carry.
import ipaddr from 'ipaddr.js'
import { parseIp, type IpAddress } from '../core/ip-ranges.js'

/** Why an address is not public, in words an operator understands; null for a public address. */
export type AddressClass =
  'loopback' | 'private' | 'link-local' | 'unspecified' | 'shared (CGNAT)' | 'reserved'

/** ipaddr.js's range names, and what the hub calls them; a range not named here is refused as reserved. */
const NAMED: Record<string, AddressClass | null> = {
  unicast: null,
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  carrierGradeNat: 'shared (CGNAT)',
  linkLocal: 'link-local',
}

/** The IPv4 address an IPv6 address carries (NAT64, 6to4), or null. */
function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = v6.range()
  const bytes = v6.toByteArray()
  if (range === 'rfc6052' && bytes.slice(4, 12).every((b) => b === 0)) return new ipaddr.IPv4(bytes.slice(12))
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6))
  return null
}

function classify(address: IpAddress): AddressClass | null {
  if (address.kind() === 'ipv6') {
    const carried = embeddedIPv4(address as ipaddr.IPv6)
    if (carried) return classify(carried)
  }
  const range = address.range()
  return range in NAMED ? NAMED[range] : 'reserved'
}

/**
 * Classifies an IP literal (IPv6 with or without brackets, with or without a zone id). Returns
 * undefined when the text is not an IP address at all, null when it is a public one.
 */
export function classifyAddress(text: string): AddressClass | null | undefined {
  const address = parseIp(text.replace(/^\[|\]$/g, ''))
  return address ? classify(address) : undefined
}
