import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigError, DEFAULT_CONFIG, durationMs, loadConfig, parseListen } from '../../../lib/core/config.js'

const GO_HUB_YAML = readFileSync(new URL('../../../../shared/fixtures/hub.go.yaml', import.meta.url), 'utf8')

describe('loadConfig', () => {
  it('starts from defaults that need no file', () => {
    const { config, warnings } = loadConfig(undefined, {})
    expect(config.server.listen).toBe(':8080')
    expect(config.server.data_dir).toBe('./data')
    expect(config.alerting.stale_threshold).toBe('30m')
    expect(config.retention).toEqual({ max_days: 90, prune_schedule: '30 4 * * *', full_reports_days: 2 })
    expect(config.notifications.resend_base_url).toBe('https://api.resend.com')
    expect(config.controllers.allow_private_addresses).toBe(false)
    expect(warnings).toEqual([])
  })

  it('reads hub.yaml, then lets HUB_<SECTION>_<KEY> override it, typed like the default', () => {
    const yaml = 'server:\n  listen: ":9000"\nretention:\n  max_days: 30\napi:\n  report_api_key: from-file\n'
    const { config } = loadConfig(yaml, {
      HUB_SERVER_LISTEN: '127.0.0.1:9100',
      HUB_API_REPORT_API_KEY: 'from-env',
      HUB_RETENTION_FULL_REPORTS_DAYS: '5',
      HUB_CONTROLLERS_ALLOW_PRIVATE_ADDRESSES: 'true',
      HUB_CONFIG: '/etc/hub.yaml',
    })
    expect(config.server.listen).toBe('127.0.0.1:9100')
    expect(config.api.report_api_key).toBe('from-env')
    expect(config.retention.max_days).toBe(30)
    expect(config.retention.full_reports_days).toBe(5)
    expect(config.controllers.allow_private_addresses).toBe(true)
  })

  it.each([
    ['alerting:\n  stale_threshold: soon\n', 'alerting.stale_threshold'],
    ['server:\n  listen: "8080"\n', 'server.listen'],
    ['server:\n  public_url: "hub.felhom.eu"\n', 'server.public_url'],
    ['retention:\n  max_days: "ninety"\n', 'retention.max_days'],
    ['server:\n  secret_key: "short"\n', 'server.secret_key'],
    ['auth:\n  password_hash: "plaintext"\n', 'auth.password_hash'],
    ['server: [1, 2]\n', 'server'],
    ['retention:\n  prune_schedule: "4:30pm"\n', 'retention.prune_schedule'],
    ['retention:\n  prune_schedule: "24:00"\n', 'retention.prune_schedule'],
    ['retention:\n  prune_schedule: "30 4 * * * *"\n', 'retention.prune_schedule'],
    ['registry:\n  check_interval: "30s"\n', 'registry.check_interval'],
    ['registry:\n  template_interval: hourly\n', 'registry.template_interval'],
    ['server:\n  scheduler: cron\n', 'server.scheduler'],
    ['server:\n  listen: ":8080"\n   bad indent: x\n', 'not valid YAML'],
  ])('stops with a message naming the key: %s', (yaml, key) => {
    expect(() => loadConfig(yaml, {})).toThrow(ConfigError)
    expect(() => loadConfig(yaml, {})).toThrow(key)
  })

  it('names the variable when an override has the wrong type', () => {
    expect(() => loadConfig(undefined, { HUB_RETENTION_MAX_DAYS: 'lots' })).toThrow('HUB_RETENTION_MAX_DAYS')
    expect(() => loadConfig(undefined, { HUB_CONTROLLERS_ALLOW_PRIVATE_ADDRESSES: 'maybe' })).toThrow(
      'HUB_CONTROLLERS_ALLOW_PRIVATE_ADDRESSES',
    )
  })

  it('warns about, but accepts, keys it does not know', () => {
    const { warnings } = loadConfig('legacy:\n  x: 1\nserver:\n  color: blue\n', { HUB_NOPE_KEY: '1' })
    expect(warnings).toHaveLength(3)
    expect(warnings.join('\n')).toMatch(/legacy[\s\S]*server\.color[\s\S]*HUB_NOPE_KEY/)
  })
})

describe('server.trusted_proxies', () => {
  it('is empty by default: no proxy is trusted', () => {
    expect(loadConfig(undefined, {}).config.server.trusted_proxies).toEqual([])
  })

  it('reads a YAML list of CIDRs, IPv4 and IPv6, and a bare address as a single host', () => {
    const yaml =
      'server:\n  trusted_proxies:\n    - 10.42.0.0/16\n    - "2001:cafe:42::/56"\n    - 192.0.2.7\n'
    const { config } = loadConfig(yaml, {})
    expect(config.server.trusted_proxies).toEqual(['10.42.0.0/16', '2001:cafe:42::/56', '192.0.2.7'])
  })

  it('reads HUB_SERVER_TRUSTED_PROXIES as a comma-separated list that overrides the file', () => {
    const yaml = 'server:\n  trusted_proxies: [192.0.2.0/24]\n'
    const vars = { HUB_SERVER_TRUSTED_PROXIES: ' 10.42.0.0/16, 2001:cafe:42::/56 ,' }
    expect(loadConfig(yaml, vars).config.server.trusted_proxies).toEqual([
      '10.42.0.0/16',
      '2001:cafe:42::/56',
    ])
    expect(loadConfig(yaml, { HUB_SERVER_TRUSTED_PROXIES: '' }).config.server.trusted_proxies).toEqual([])
  })

  it.each([
    ['server:\n  trusted_proxies: ["10.42.0.0/33"]\n', '10.42.0.0/33'],
    ['server:\n  trusted_proxies: ["10/8"]\n', '10/8'],
    ['server:\n  trusted_proxies: ["traefik"]\n', 'traefik'],
    ['server:\n  trusted_proxies: ["2001:cafe:42::/129"]\n', '2001:cafe:42::/129'],
    ['server:\n  trusted_proxies: 10.42.0.0/16\n', 'expected a list'],
    ['server:\n  trusted_proxies: [42]\n', 'server.trusted_proxies'],
  ])('stops on an invalid entry in the file, naming the key: %s', (yaml, what) => {
    expect(() => loadConfig(yaml, {})).toThrow(ConfigError)
    expect(() => loadConfig(yaml, {})).toThrow('server.trusted_proxies')
    expect(() => loadConfig(yaml, {})).toThrow(what)
  })

  it('stops on an invalid entry in HUB_SERVER_TRUSTED_PROXIES, naming the key and the entry', () => {
    const vars = { HUB_SERVER_TRUSTED_PROXIES: '10.42.0.0/16,10.42.0.0/99' }
    expect(() => loadConfig(undefined, vars)).toThrow(ConfigError)
    expect(() => loadConfig(undefined, vars)).toThrow(/server\.trusted_proxies[\s\S]*10\.42\.0\.0\/99/)
  })
})

describe('auth.totp_required', () => {
  const hash = '$2b$04$abcdefghijklmnopqrstuu5R8mGqu0OAm1rA/mt4Rqk4wOjE3rJeS'

  it('is off by default, and turned on by the file or HUB_AUTH_TOTP_REQUIRED', () => {
    expect(DEFAULT_CONFIG.auth.totp_required).toBe(false)
    const file = `auth:\n  password_hash: "${hash}"\n  totp_required: true\n`
    expect(loadConfig(file, {}).config.auth.totp_required).toBe(true)
    const vars = { HUB_AUTH_PASSWORD_HASH: hash, HUB_AUTH_TOTP_REQUIRED: 'true' }
    expect(loadConfig(undefined, vars).config.auth.totp_required).toBe(true)
  })

  it('stops the start when set without a password, naming the key', () => {
    expect(() => loadConfig('auth:\n  totp_required: true\n', {})).toThrow(
      /auth\.totp_required: totp_required needs a password: set auth\.password_hash too/,
    )
  })
})

describe('the Go hub (v0.3.1) hub.yaml', () => {
  it('loads unchanged, with no key warned about or ignored', () => {
    const { config, warnings } = loadConfig(GO_HUB_YAML, {}, 'hub.go.yaml')
    expect(warnings).toEqual([])
    expect(config.retention.prune_schedule).toBe('04:30')
    expect(config.registry.check_interval).toBe('30m')
    expect(config.registry.template_interval).toBe('1h')
    expect(config.notifications.from_email).toBe('monitoring@felhom.eu')
    expect(config.server.data_dir).toBe('/data')
  })

  it("shares the Go hub's defaults for the keys it documented, and runs the scheduler in-process", () => {
    expect(DEFAULT_CONFIG.notifications.from_email).toBe('monitoring@felhom.eu')
    expect(DEFAULT_CONFIG.registry.check_interval).toBe('30m')
    expect(DEFAULT_CONFIG.registry.template_interval).toBe('1h')
    expect(loadConfig(undefined, {}).config.server.scheduler).toBe('in-process')
    expect(loadConfig(undefined, { HUB_SERVER_SCHEDULER: 'external' }).config.server.scheduler).toBe(
      'external',
    )
  })

  it('takes prune_schedule as a daily HH:MM or as a 5-field cron expression', () => {
    for (const value of ['04:30', '4:30', '23:59', '30 4 * * *', '0 */6 * * 1-5'])
      expect(
        loadConfig(`retention:\n  prune_schedule: "${value}"\n`, {}).config.retention.prune_schedule,
      ).toBe(value)
  })
})

describe('the defaults', () => {
  it('have one source, DEFAULT_CONFIG, which the README configuration table shows key by key', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
    const shown = new Map<string, string>()
    for (const m of readme.matchAll(/^\| (`[a-z_.]+`(?:, `[a-z_.]+`)*) \| `([^`]*)` \|/gm))
      for (const key of m[1].split(', ')) shown.set(key.replace(/`/g, ''), m[2])
    for (const [section, values] of Object.entries(DEFAULT_CONFIG))
      for (const [key, value] of Object.entries(values)) {
        const expected = typeof value === 'string' ? (value === '' ? '""' : value) : JSON.stringify(value)
        expect(shown.get(`${section}.${key}`), `${section}.${key}`).toBe(expected)
      }
  })
})

describe('durationMs and parseListen', () => {
  it('converts durations and listen addresses', () => {
    expect(durationMs('45s')).toBe(45_000)
    expect(durationMs('30m')).toBe(1_800_000)
    expect(durationMs('7d')).toBe(604_800_000)
    expect(parseListen(':8080')).toEqual({ host: undefined, port: 8080 })
    expect(parseListen('127.0.0.1:9000')).toEqual({ host: '127.0.0.1', port: 9000 })
    expect(parseListen('[::1]:9000')).toEqual({ host: '::1', port: 9000 })
  })
})
