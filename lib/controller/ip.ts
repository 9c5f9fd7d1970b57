// Just enough IP address parsing to tell public unicast addresses from the ones the hub must not
// call. Web-standard only (workerd has no node:net). Inputs are what the WHATWG URL parser or a
// DNS lookup produce, so IPv4 is already normalised to a dotted quad.

/** Why an address is not public, in words an operator understands; null for a public address. */
export type AddressClass =
  'loopback' | 'private' | 'link-local' | 'unspecified' | 'shared (CGNAT)' | 'reserved'

export function parseIPv4(s: string): number[] | null {
  const parts = s.split('.')
  if (parts.length !== 4) return null
  const out: number[] = []
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null
    const n = Number(p)
    if (n > 255) return null
    out.push(n)
  }
  return out
}

/** The 16 bytes of an IPv6 address (zone id dropped, embedded IPv4 tail accepted), or null. */
export function parseIPv6(input: string): number[] | null {
  const s = input.replace(/%.*$/, '')
  const halves = s.split('::')
  if (halves.length > 2) return null
  const groups = (part: string): number[] | null => {
    if (part === '') return []
    const out: number[] = []
    const pieces = part.split(':')
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]
      if (i === pieces.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p)
        if (!v4) return null
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3])
      } else if (/^[0-9a-f]{1,4}$/i.test(p)) {
        out.push(Number.parseInt(p, 16))
      } else {
        return null
      }
    }
    return out
  }
  const head = groups(halves[0])
  const tail = halves.length === 2 ? groups(halves[1]) : []
  if (!head || !tail) return null
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail]
  return all.flatMap((g) => [g >> 8, g & 0xff])
}

export function classifyIPv4([a, b]: number[]): AddressClass | null {
  if (a === 0) return 'unspecified' // 0.0.0.0/8 "this network"
  if (a === 127) return 'loopback'
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private'
  if (a === 100 && b >= 64 && b <= 127) return 'shared (CGNAT)'
  if (a === 169 && b === 254) return 'link-local'
  if (a >= 224) return 'reserved' // multicast, class E and broadcast: never a controller
  return null
}

export function classifyIPv6(b: number[]): AddressClass | null {
  const zeroUpTo = (n: number) => b.slice(0, n).every((x) => x === 0)
  if (zeroUpTo(16)) return 'unspecified'
  if (zeroUpTo(15) && b[15] === 1) return 'loopback'
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) all
  // end up at the embedded IPv4 address, so they are judged by it.
  const mapped = zeroUpTo(10) && b[10] === 0xff && b[11] === 0xff
  const nat64 =
    b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0)
  if (mapped || nat64 || zeroUpTo(12)) return classifyIPv4(b.slice(12))
  if ((b[0] & 0xfe) === 0xfc) return 'private' // fc00::/7 unique local
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return 'link-local' // fe80::/10
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return 'private' // fec0::/10 old site-local
  if (b[0] === 0xff) return 'reserved' // multicast
  return null
}

/**
 * Classifies an IP literal (IPv6 with or without brackets). Returns undefined when the text is
 * not an IP address at all, null when it is a public one.
 */
export function classifyAddress(text: string): AddressClass | null | undefined {
  const s = text.replace(/^\[|\]$/g, '')
  const v4 = parseIPv4(s)
  if (v4) return classifyIPv4(v4)
  const v6 = s.includes(':') ? parseIPv6(s) : null
  if (v6) return classifyIPv6(v6)
  return undefined
}
