import { describe, expect, it } from 'vitest'
import { diffConfigs, MASK } from '../../../lib/controller-config/diff.js'
import { fixtureTemplate } from '../../support/fixtures.js'

describe('diffConfigs', () => {
  it('finds nothing between a config and itself', () => {
    expect(diffConfigs(fixtureTemplate(), fixtureTemplate())).toEqual([])
  })

  it('ignores key order, comments and quoting style', () => {
    const hub =
      'customer:\n  id: "kovacs"   # the id\n  name: \'Kovács\'\nmonitoring:\n  enabled: true\n  disk_warn_percent: 80\n'
    const live =
      'monitoring: {disk_warn_percent: 80, enabled: true}\ncustomer:\n  name: Kovács\n  id: kovacs\n'
    expect(diffConfigs(hub, live)).toEqual([])
  })

  it('reports keys only in the hub, only on the controller, and changed, sorted by path', () => {
    const hub = 'customer:\n  name: "Kovács"\n  domain: "a.felhom.eu"\nmonitoring:\n  disk_warn_percent: 80\n'
    const live = 'customer:\n  name: "Kovács"\n  language: "en"\nmonitoring:\n  disk_warn_percent: 85\n'
    expect(diffConfigs(hub, live)).toEqual([
      { path: 'customer.domain', kind: 'only_hub', hub: '"a.felhom.eu"', secret: false },
      { path: 'customer.language', kind: 'only_controller', live: '"en"', secret: false },
      { path: 'monitoring.disk_warn_percent', kind: 'changed', hub: '80', live: '85', secret: false },
    ])
  })

  it('tells a quoted number from a number, since the controller reads them differently', () => {
    expect(diffConfigs('a:\n  port: 8090\n', 'a:\n  port: "8090"\n')).toEqual([
      { path: 'a.port', kind: 'changed', hub: '8090', live: '"8090"', secret: false },
    ])
  })

  it('compares arrays as whole values shown as JSON, maps inside them regardless of key order', () => {
    const hub = 'server:\n  trusted_proxies: ["127.0.0.1/32"]\n  peers: [{a: 1, b: 2}]\n'
    const live =
      'server:\n  trusted_proxies: ["127.0.0.1/32", "10.0.0.0/8"]\n  peers:\n    - b: 2\n      a: 1\n'
    expect(diffConfigs(hub, live)).toEqual([
      {
        path: 'server.trusted_proxies',
        kind: 'changed',
        hub: '["127.0.0.1/32"]',
        live: '["127.0.0.1/32","10.0.0.0/8"]',
        secret: false,
      },
    ])
  })

  it('ignores the volatile meta section', () => {
    const hub = fixtureTemplate().replace('generated_at: ""', 'generated_at: "2026-11-29T04:30:00Z"')
    const live =
      fixtureTemplate().replace('applied_at: ""', 'applied_at: "2026-11-29T04:31:00Z"') +
      '  applied_by: "controller"\n'
    expect(diffConfigs(hub, live)).toEqual([])
  })

  it('masks secret values but still marks them as differing', () => {
    const hub = fixtureTemplate()
      .replace('api_key: ""', 'api_key: "fhk_hub_key_123"')
      .replace('session_secret: ""', 'session_secret: "s3cr3t-hub"')
      .replace(/token: ""(\s+# infrastructure token)/, 'token: "tunnel-hub"$1')
    const live = fixtureTemplate()
      .replace('api_key: ""', 'api_key: "fhk_live_key_456"')
      .replace('session_secret: ""', 'session_secret: "s3cr3t-live"')
      .replace('auto_update: false', 'auto_update: false\n  password: "registry-pass"')
    const rows = diffConfigs(hub, live)
    expect(rows).toEqual([
      { path: 'hub.api_key', kind: 'changed', hub: MASK, live: MASK, secret: true },
      { path: 'registry.password', kind: 'only_controller', live: MASK, secret: true },
      { path: 'server.session_secret', kind: 'changed', hub: MASK, live: MASK, secret: true },
      { path: 'tunnel.token', kind: 'changed', hub: MASK, live: MASK, secret: true },
    ])
    const shown = JSON.stringify(rows)
    for (const secret of ['fhk_hub_key_123', 'fhk_live_key_456', 's3cr3t', 'tunnel-hub', 'registry-pass']) {
      expect(shown).not.toContain(secret)
    }
  })

  it('does not list equal secrets', () => {
    const yaml = 'hub:\n  api_key: "same"\n'
    expect(diffConfigs(yaml, yaml)).toEqual([])
  })

  it('masks secret-named keys inside array values', () => {
    const rows = diffConfigs('users: [{name: a, password: one}]\n', 'users: [{name: a, password: two}]\n')
    expect(rows).toEqual([
      {
        path: 'users',
        kind: 'changed',
        hub: `[{"name":"a","password":"${MASK}"}]`,
        live: `[{"name":"a","password":"${MASK}"}]`,
        secret: false,
      },
    ])
  })

  it('shows an emptied section against a filled one', () => {
    const rows = diffConfigs('backup:\n  retention: {}\n', 'backup:\n  retention:\n    daily: 7\n')
    expect(rows).toEqual([
      { path: 'backup.retention', kind: 'only_hub', hub: '{}', secret: false },
      { path: 'backup.retention.daily', kind: 'only_controller', live: '7', secret: false },
    ])
  })

  it('throws a readable error for YAML that does not parse, naming the side', () => {
    expect(() => diffConfigs(fixtureTemplate(), 'customer: [unclosed')).toThrow(
      /^the controller's config is not valid YAML/,
    )
    expect(() => diffConfigs('a: "x\n', fixtureTemplate())).toThrow(/^the hub's config is not valid YAML/)
    expect(() => diffConfigs(fixtureTemplate(), '- just\n- a list\n')).toThrow(
      /the controller's config is not a mapping/,
    )
  })
})
