import { describe, expect, it } from 'vitest'
import { checkControllerUrl } from '../../../lib/controller/address.js'
import { testEnv } from '../../support/env.js'

const strictEnv = (resolveHost?: (host: string) => Promise<string[]>) =>
  testEnv({ config: { controllers: { allow_private_addresses: false } } }).then((env) =>
    Object.assign(env, { resolveHost }),
  )

describe('checkControllerUrl', () => {
  it.each([
    'http://127.0.0.1:8090',
    'http://127.9.9.9/',
    'http://localhost:8090',
    'http://LOCALHOST./',
    'http://ctl.localhost/',
    'http://2130706433/', // 127.0.0.1 written as one number
    'http://0x7f.1/', // 127.0.0.1 in hex shorthand
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.10:8090/',
    'http://100.64.0.1/',
    'http://100.127.255.254/',
    'http://169.254.169.254/latest/meta-data',
    'http://0.0.0.0:8090/',
    'http://[::1]:8090/',
    'http://[::]/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    'http://[fe80::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/', // 169.254.169.254, mapped
    'http://[64:ff9b::192.168.0.1]/',
  ])('refuses %s when private addresses are not allowed', async (raw) => {
    const env = await strictEnv()
    const r = await checkControllerUrl(env, raw)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).toBe('private_address')
      expect(r.message).toMatch(/allow_private_addresses/)
    }
  })

  it.each([
    'https://kovacs.felhom.eu',
    'http://93.184.216.34:8090/',
    'http://172.32.0.1/',
    'http://100.128.0.1/',
    'https://[2606:4700::1111]/',
  ])('accepts the public address %s', async (raw) => {
    const env = await strictEnv()
    const r = await checkControllerUrl(env, raw)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.url.href).toBe(new URL(raw).href)
  })

  it('names the kind of address it refused', async () => {
    const env = await strictEnv()
    const r = await checkControllerUrl(env, 'http://169.254.169.254/')
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('link-local') })
  })

  it.each([
    ['not a url', /not a valid URL/],
    ['ftp://kovacs.felhom.eu/', /http:\/\/ or https:\/\//],
    ['file:///etc/passwd', /http:\/\/ or https:\/\//],
    ['https://admin:hunter2@kovacs.felhom.eu/', /user name or password/],
  ])('calls %s an invalid URL', async (raw, message) => {
    const env = await strictEnv()
    const r = await checkControllerUrl(env, raw)
    expect(r).toMatchObject({ ok: false, reason: 'invalid_url', message: expect.stringMatching(message) })
  })

  it('refuses a public-looking name that resolves to a private address', async () => {
    const env = await strictEnv(async () => ['93.184.216.34', '10.0.0.7'])
    const r = await checkControllerUrl(env, 'https://sneaky.example.com/')
    expect(r).toMatchObject({
      ok: false,
      reason: 'private_address',
      message: expect.stringContaining('10.0.0.7'),
    })
  })

  it('refuses a name that resolves to an IPv4-mapped loopback address', async () => {
    const env = await strictEnv(async () => ['::ffff:127.0.0.1'])
    const r = await checkControllerUrl(env, 'https://sneaky.example.com/')
    expect(r).toMatchObject({ ok: false, reason: 'private_address' })
  })

  it('accepts a name whose every address is public, and does not resolve IP literals', async () => {
    const asked: string[] = []
    const env = await strictEnv(async (host) => {
      asked.push(host)
      return ['93.184.216.34', '2606:4700::1111']
    })
    expect((await checkControllerUrl(env, 'https://kovacs.felhom.eu:8443/')).ok).toBe(true)
    expect((await checkControllerUrl(env, 'http://93.184.216.34/')).ok).toBe(true)
    expect(asked).toEqual(['kovacs.felhom.eu'])
  })

  it('calls a name that does not resolve unreachable rather than throwing', async () => {
    const env = await strictEnv(async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })
    })
    const r = await checkControllerUrl(env, 'https://gone.example.com/')
    expect(r).toMatchObject({
      ok: false,
      reason: 'unreachable',
      message: expect.stringContaining('ENOTFOUND'),
    })
  })

  it('allows private and loopback addresses when controllers.allow_private_addresses is set', async () => {
    const env = await testEnv({ config: { controllers: { allow_private_addresses: true } } })
    env.resolveHost = async () => ['10.0.0.7']
    expect((await checkControllerUrl(env, 'http://127.0.0.1:8090')).ok).toBe(true)
    expect((await checkControllerUrl(env, 'http://ctl.internal:8090')).ok).toBe(true)
    expect((await checkControllerUrl(env, 'ftp://127.0.0.1/')).ok).toBe(false)
  })
})
