import { describe, expect, it } from 'vitest'
import { KEEP_VERSIONS } from '../../../lib/store/infra-backups.js'
import { testEnv } from '../../support/env.js'
import { fixtureInfraBackup } from '../../support/fixtures.js'
import { callJson } from '../../support/http.js'

describe('infra backup push and pull', () => {
  it('returns the latest payload exactly as pushed, with version and received_at', async () => {
    const env = await testEnv()
    const pushed = { ...fixtureInfraBackup(), future_field: { keep: true } }
    const first = await callJson(env, 'POST', '/api/v1/infra-backup', { body: pushed })
    expect(first.status).toBe(201)
    expect(first.json).toEqual({ ok: true, version: 1, received_at: '2026-11-29T04:30:00Z' })
    env.clock.advance(60_000)
    const second = await callJson(env, 'POST', '/api/v1/infra-backup', {
      body: { ...pushed, created_at: '2026-11-29T04:31:00Z' },
    })
    expect(second.json.version).toBe(2)
    const res = await callJson(env, 'GET', '/api/v1/infra-backup/kovacs-csalad')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      ...pushed,
      created_at: '2026-11-29T04:31:00Z',
      version: 2,
      received_at: '2026-11-29T04:31:00Z',
    })
  })

  it('keeps the last 10 versions per customer', async () => {
    const env = await testEnv()
    for (let i = 0; i < KEEP_VERSIONS + 3; i++)
      await callJson(env, 'POST', '/api/v1/infra-backup', { body: fixtureInfraBackup() })
    const rs = await env.db.execute(
      "SELECT version FROM infra_backups WHERE customer_id = 'kovacs-csalad' ORDER BY version",
    )
    expect(rs.rows.map((r) => r.version)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
  })

  it('gives concurrent pushes distinct versions', async () => {
    const env = await testEnv()
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        callJson(env, 'POST', '/api/v1/infra-backup', { body: fixtureInfraBackup() }),
      ),
    )
    expect(results.map((r) => r.json.version).sort()).toEqual([1, 2, 3, 4, 5])
  })

  it('gives each of a dozen concurrent pushes its own version, none a 500', async () => {
    const env = await testEnv()
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        callJson(env, 'POST', '/api/v1/infra-backup', { body: fixtureInfraBackup() }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201))
    expect(results.map((r) => r.json.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    )
  })

  it('is 404 when the customer has no backup', async () => {
    const env = await testEnv()
    const res = await callJson(env, 'GET', '/api/v1/infra-backup/nobody-here')
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('not_found')
  })

  it.each([
    ['restic.primary_password', (b: any) => delete b.restic.primary_password],
    ['controller_yaml_b64', (b: any) => (b.controller_yaml_b64 = 'not base64 !!')],
    ['disk_layout.disks', (b: any) => (b.disk_layout.disks = 'sda')],
    ['stacks', (b: any) => delete b.stacks],
    ['created_at', (b: any) => (b.created_at = 12)],
  ])('refuses a payload with a bad %s and stores nothing', async (path, mutate) => {
    const env = await testEnv()
    const body = fixtureInfraBackup()
    mutate(body)
    const res = await callJson(env, 'POST', '/api/v1/infra-backup', { body })
    expect(res.status).toBe(400)
    expect(res.json.error.details.map((d: any) => d.path)).toContain(path)
    expect((await env.db.execute('SELECT count(*) AS n FROM infra_backups')).rows[0].n).toBe(0)
  })

  it('refuses a payload over 8 MiB with 413', async () => {
    const env = await testEnv()
    const body = { ...fixtureInfraBackup(), padding: 'x'.repeat(8 * 1024 * 1024) }
    expect((await callJson(env, 'POST', '/api/v1/infra-backup', { body })).status).toBe(413)
  })
})
