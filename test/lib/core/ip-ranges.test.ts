import { describe, expect, it } from 'vitest'
import { inRanges, parseIp, parseIpRange } from '../../../lib/core/ip-ranges.js'

describe('parseIp', () => {
  it('reads IPv4, IPv6 (normalised) and IPv4-mapped IPv6 in either spelling as the IPv4 address', () => {
    expect(parseIp('10.42.0.7')?.toString()).toBe('10.42.0.7')
    expect(parseIp(' 2001:0db8:0000::0001 ')?.toString()).toBe('2001:db8::1')
    for (const mapped of [
      '::ffff:10.42.0.7',
      '::FFFF:10.42.0.7',
      '::ffff:0a2a:0007',
      '0:0:0:0:0:ffff:10.42.0.7',
    ]) {
      expect(parseIp(mapped)?.toString()).toBe('10.42.0.7')
    }
  })

  it('refuses what is not an address, and IPv4 in any form but the dotted quad', () => {
    for (const s of [
      '',
      'unknown',
      '10',
      '10.1',
      '010.0.0.1',
      '0x0a.0.0.1',
      '256.0.0.1',
      '[::1]',
      '1.2.3.4:80',
      ':::',
    ]) {
      expect(parseIp(s)).toBeNull()
    }
  })
})

describe('parseIpRange', () => {
  it('reads CIDRs and bare addresses, and matches addresses of the same family', () => {
    const ranges = ['10.42.0.0/16', '2001:cafe:42::/56', '192.0.2.7', '::ffff:198.51.100.0/120'].map((r) =>
      parseIpRange(r)!,
    )
    expect(ranges.map(([net, bits]) => `${net}/${bits}`)).toEqual([
      '10.42.0.0/16',
      '2001:cafe:42::/56',
      '192.0.2.7/32',
      '198.51.100.0/24',
    ])
    const inside = (s: string) => inRanges(parseIp(s)!, ranges)
    expect(
      ['10.42.255.1', '::ffff:10.42.0.1', '2001:cafe:42:ff::1', '192.0.2.7', '198.51.100.9'].every(inside),
    ).toBe(true)
    expect(['10.43.0.1', '2001:cafe:42:100::1', '192.0.2.8', '::1'].some(inside)).toBe(false)
  })

  it('refuses prefixes out of range, host names, and IPv4 shorthand', () => {
    for (const s of [
      '10.42.0.0/33',
      '2001:db8::/129',
      '10/8',
      'traefik',
      '10.42.0.0/',
      '10.42.0.0/16/1',
      '1.2.3.4/-1',
    ]) {
      expect(parseIpRange(s)).toBeNull()
    }
  })
})
