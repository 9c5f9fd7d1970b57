// The restore checks on a decrypted infra backup: what a fresh controller needs, and never a word
// of the secrets in what they say.
import { describe, expect, it } from 'vitest'
import { restoreChecks } from '../../../lib/dr/checks.js'
import { fixtureInfraBackup } from '../../support/fixtures.js'

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')
const SECRETS = [
  'correct-horse-battery-staple-7Qx2',
  'tr0ub4dor-and-3-Kp9w',
  'secret-tunnel-token',
  'fh_ck_7f3a9b2c',
]

const failed = (payload: Record<string, any>, crossdrive = true) =>
  restoreChecks('kovacs-csalad', payload, { crossdrive })
    .filter((c) => !c.ok)
    .map((c) => [c.name, c.problem])

describe('restoreChecks', () => {
  it('passes the fixture backup on every check', () => {
    const results = restoreChecks('kovacs-csalad', fixtureInfraBackup(), { crossdrive: true })
    expect(results.map((c) => [c.name, c.ok])).toEqual([
      ['decrypts', true],
      ['controller_yaml', true],
      ['settings_json', true],
      ['restic_passwords', true],
      ['disk_uuids', true],
      ['stacks_named', true],
    ])
  })

  it('wants controller.yaml as base64 YAML that names this customer', () => {
    const b = fixtureInfraBackup()
    expect(failed({ ...b, controller_yaml_b64: 'not base64!' })).toEqual([
      ['controller_yaml', 'controller_yaml_b64 is missing or not base64-encoded UTF-8'],
    ])
    expect(
      failed({ ...b, controller_yaml_b64: b64('customer: [unclosed\n  token: s3cr3t-in-yaml') }),
    ).toEqual([['controller_yaml', 'controller.yaml does not parse as YAML']])
    expect(failed({ ...b, controller_yaml_b64: b64('customer:\n  id: nagy-csalad\n') })).toEqual([
      ['controller_yaml', 'controller.yaml names another customer'],
    ])
    expect(failed({ ...b, controller_yaml_b64: b64('hub:\n  url: x\n') })).toEqual([
      ['controller_yaml', 'controller.yaml names no customer.id'],
    ])
  })

  it('wants the settings as base64 JSON', () => {
    const b = fixtureInfraBackup()
    expect(failed({ ...b, settings_json_b64: b64('{"backup": ') })).toEqual([
      ['settings_json', 'the settings do not parse as JSON'],
    ])
    expect(failed({ ...b, settings_json_b64: b64('[1, 2]') })).toEqual([
      ['settings_json', 'the settings are not a JSON object'],
    ])
  })

  it('wants the restic passwords, the cross-drive one when the node makes cross-drive copies', () => {
    const b = fixtureInfraBackup()
    expect(failed({ ...b, restic: { primary_password: ' ' } })).toEqual([
      ['restic_passwords', 'the primary restic password is missing'],
    ])
    const noCrossdrive = { ...b, restic: { primary_password: 'p' } }
    expect(failed(noCrossdrive, true)).toEqual([
      [
        'restic_passwords',
        'the cross-drive restic password is missing, and this node makes cross-drive copies',
      ],
    ])
    expect(failed(noCrossdrive, false)).toEqual([])
  })

  it('wants every disk with a UUID and every stack with a name', () => {
    const b = fixtureInfraBackup()
    const disks = b.disk_layout.disks.map((d: any, i: number) => (i === 1 ? { ...d, uuid: '' } : d))
    expect(failed({ ...b, disk_layout: { ...b.disk_layout, disks } })).toEqual([
      ['disk_uuids', '1 of 3 disks have no UUID'],
    ])
    expect(failed({ ...b, disk_layout: { disks: [], bind_mounts: [] } })).toEqual([
      ['disk_uuids', 'no disks are listed'],
    ])
    expect(failed({ ...b, stacks: [{ name: 'nextcloud' }, { display_name: 'x' }] })).toEqual([
      ['stacks_named', '1 of 2 stacks have no name'],
    ])
    expect(failed({ ...b, stacks: [] })).toEqual([['stacks_named', 'no stacks are listed']])
  })

  it('says what is wrong in fixed words, never quoting the payload', () => {
    const b = fixtureInfraBackup()
    const broken = {
      ...b,
      controller_yaml_b64: b64(`customer: {id: ${SECRETS[0]}`),
      settings_json_b64: b64(`{"password": "${SECRETS[1]}"`),
      restic: { crossdrive_password: SECRETS[1] },
      disk_layout: { disks: [{ uuid: null, label: SECRETS[2] }] },
      stacks: [{ display_name: SECRETS[3] }],
    }
    const text = JSON.stringify(restoreChecks('kovacs-csalad', broken, { crossdrive: true }))
    expect(failed(broken).map(([name]) => name)).toEqual([
      'controller_yaml',
      'settings_json',
      'restic_passwords',
      'disk_uuids',
      'stacks_named',
    ])
    for (const s of SECRETS) expect(text).not.toContain(s)
  })
})
