import { describe, expect, it } from 'vitest'
import { classifyAddress } from '../../../lib/controller/ip.js'

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
    // Ranges ipaddr.js knows that the hand-written classifier did not.
    ['198.18.0.1', 'reserved'], // benchmarking, RFC 2544
    ['192.0.2.10', 'reserved'], // documentation, RFC 5737
    ['2001:db8::1', 'reserved'], // documentation, RFC 3849
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo: a tunnel, never a controller
    ['64:ff9b::a00:1', 'private'], // NAT64 of 10.0.0.1
    ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
    ['2002:7f00:1::1', 'loopback'], // 6to4 of 127.0.0.1
  ])('calls %s %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls)
  })

  it.each([
    '8.8.8.8',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '192.169.0.1',
    '::ffff:8.8.8.8',
    '2a00::1',
    '64:ff9b::808:808', // NAT64 of 8.8.8.8
    '2002:808:808::1', // 6to4 of 8.8.8.8
  ])('calls %s public', (address) => {
    expect(classifyAddress(address)).toBeNull()
  })

  it.each(['kovacs.felhom.eu', '1.2.3', '1.2.3.256', '1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '12345::1', ''])(
    'does not take %s for an IP address',
    (text) => {
      expect(classifyAddress(text)).toBeUndefined()
    },
  )
})
