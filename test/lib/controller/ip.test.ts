import { describe, expect, it } from 'vitest'
import { classifyAddress, parseIPv6 } from '../../../lib/controller/ip.js'

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.255.255.255', 'private'],
    ['172.20.1.1', 'private'],
    ['192.168.0.1', 'private'],
    ['fd00::1', 'private'],
    ['100.100.100.100', 'shared (CGNAT)'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1%eth0', 'link-local'], // DNS answers can carry a zone id
    ['febf::1', 'link-local'],
    ['::ffff:192.168.1.1', 'private'],
    ['::ffff:c0a8:101', 'private'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['ff02::1', 'reserved'],
  ])('calls %s %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls)
  })

  it.each([
    '8.8.8.8',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '192.169.0.1',
    '2001:db8::1',
    '::ffff:8.8.8.8',
    '2a00::1',
  ])('calls %s public', (address) => {
    expect(classifyAddress(address)).toBeNull()
  })

  it.each(['kovacs.felhom.eu', '1.2.3', '1.2.3.256', '1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '12345::1', ''])(
    'does not take %s for an IP address',
    (text) => {
      expect(classifyAddress(text)).toBeUndefined()
    },
  )

  it('expands :: and embedded IPv4 to the right bytes', () => {
    expect(parseIPv6('2001:db8::1')).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    expect(parseIPv6('::ffff:1.2.3.4')?.slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4])
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toHaveLength(16)
    expect(parseIPv6('1:2:3:4:5:6:7')).toBeNull()
  })
})
