import { describe, expect, it } from 'vitest'
import { clientOf, setPeer } from '../../../lib/auth/forwarded.js'

const POD_CIDRS = ['10.42.0.0/16', '2001:cafe:42::/56']

function request(peer: string | undefined, headers: Record<string, string> = {}, url = 'http://hub.test/') {
  const req = new Request(url, { headers })
  setPeer(req, peer)
  return req
}

describe('clientOf', () => {
  it('without trusted proxies, the TCP peer is the client whatever the headers say', () => {
    const req = request('203.0.113.5', { 'X-Forwarded-For': '192.0.2.1', 'X-Forwarded-Proto': 'https' })
    expect(clientOf(req, [])).toEqual({ ip: '203.0.113.5', secure: false })
  })

  it('is "unknown" without a peer, and then believes no header either', () => {
    const req = request(undefined, { 'X-Forwarded-For': '192.0.2.1', 'X-Forwarded-Proto': 'https' })
    expect(clientOf(req, ['0.0.0.0/0', '::/0'])).toEqual({ ip: 'unknown', secure: false })
    expect(clientOf(request(undefined, {}, 'https://hub.test/'), []).secure).toBe(true)
  })

  it('from a trusted peer, takes the right-most entry that is not a trusted proxy and believes the protocol', () => {
    const xff = '192.0.2.66, 198.51.100.7, 10.42.3.9'
    const req = request('10.42.0.7', { 'X-Forwarded-For': xff, 'X-Forwarded-Proto': 'https' })
    expect(clientOf(req, POD_CIDRS)).toEqual({ ip: '198.51.100.7', secure: true })
  })

  it('reads IPv4-mapped IPv6 peers as the IPv4 address, and matches IPv6 ranges', () => {
    const mapped = request('::ffff:10.42.0.7', { 'X-Forwarded-For': '198.51.100.7' })
    expect(clientOf(mapped, POD_CIDRS).ip).toBe('198.51.100.7')
    const v6 = request('2001:cafe:42:0:1::5', { 'X-Forwarded-For': '2001:db8:0:0::1' })
    expect(clientOf(v6, POD_CIDRS).ip).toBe('2001:db8::1')
    const untrusted = request('::ffff:203.0.113.5', { 'X-Forwarded-For': '198.51.100.7' })
    expect(clientOf(untrusted, POD_CIDRS).ip).toBe('203.0.113.5')
  })

  it('without X-Forwarded-For, or when every entry is a trusted proxy, keeps the furthest trusted address', () => {
    expect(clientOf(request('10.42.0.7'), POD_CIDRS).ip).toBe('10.42.0.7')
    const chain = request('10.42.0.7', { 'X-Forwarded-For': '10.42.9.9, 10.42.1.1' })
    expect(clientOf(chain, POD_CIDRS).ip).toBe('10.42.9.9')
  })

  it('ends the walk at an entry that is not an address: the hop that passed it on is the client', () => {
    const req = request('10.42.0.7', { 'X-Forwarded-For': '198.51.100.7, <script>, 10.42.1.1' })
    expect(clientOf(req, POD_CIDRS).ip).toBe('10.42.1.1')
    const empty = request('10.42.0.7', { 'X-Forwarded-For': '198.51.100.7, , ' })
    expect(clientOf(empty, POD_CIDRS).ip).toBe('198.51.100.7')
  })
})
