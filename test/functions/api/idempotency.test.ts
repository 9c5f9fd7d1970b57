// Idempotency-Key (docs/api.md §3) on the three routes that store what a controller sends: a retry with the
// same key gets the first answer back and stores nothing new, whatever order or timing it arrives in.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { sha256Hex } from '../../../lib/core/crypto.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { managedCustomer } from '../../support/factories.js'
import { fixtureInfraBackup } from '../../support/fixtures.js'
import { callJson } from '../../support/http.js'

const HOUR = 3_600_000

interface Route {
  path: string
  status: number
  /** A valid body for `customerId`; `variant` changes its content. */
  body: (customerId: string, variant?: number) => Record<string, unknown>
  table: string
}

const ROUTES: Record<string, Route> = {
  event: {
    path: '/api/v1/event',
    status: 201,
    body: (customer_id, variant = 0) => ({
      customer_id,
      event_type: 'backup_failed',
      severity: 'error',
      message: `restic: repository locked (${variant})`,
    }),
    table: 'events',
  },
  'infra-backup': {
    path: '/api/v1/infra-backup',
    status: 201,
    body: (customer_id, variant = 0) => ({
      ...fixtureInfraBackup(),
      customer_id,
      created_at: `2026-11-29T0${variant}:00:00Z`,
    }),
    table: 'infra_backups',
  },
  notify: {
    path: '/api/v1/notify',
    status: 202,
    body: (customer_id, variant = 0) => ({
      customer_id,
      subject: 'Lemez betelt',
      message: `/mnt/hdd1 is 9${variant}% full`,
    }),
    // Only the relay's own rows: a stored event logs its notification decisions here too.
    table: 'notification_log WHERE event_id IS NULL',
  },
}

async function rows(env: TestEnv, route: Route): Promise<number> {
  return Number((await env.db.execute(`SELECT count(*) AS n FROM ${route.table}`)).rows[0].n)
}

const post = (env: TestEnv, route: Route, body: unknown, key?: string | null, apiKey?: string) =>
  callJson(env, 'POST', route.path, {
    body,
    key: apiKey,
    headers: key == null ? {} : { 'Idempotency-Key': key },
  })

describe.each(Object.entries(ROUTES))('Idempotency-Key on POST %s', (name, route) => {
  it('answers a retry with the first answer and stores one row', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:30:00Z') })
    const first = await post(env, route, route.body('kovacs-csalad'), 'retry-7c1e')
    expect(first.status).toBe(route.status)
    env.clock.advance(HOUR) // a retry after a long timeout still gets the answer of 04:30
    const again = await post(env, route, route.body('kovacs-csalad'), 'retry-7c1e')
    expect(again.status).toBe(first.status)
    expect(again.json).toEqual(first.json)
    expect(again.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await rows(env, route)).toBe(1)
    // Without the header nothing changes: the same body is stored again.
    expect((await post(env, route, route.body('kovacs-csalad'))).status).toBe(route.status)
    expect(await rows(env, route)).toBe(2)
    // The replay's log line names the request it answered, like every request's lines.
    const replay = env.log.lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'idempotent replay')
    expect(replay.request_id).toBe(again.headers.get('x-request-id'))
  })

  it('answers 409 idempotency_conflict for the same key with another body, and stores nothing', async () => {
    const env = await testEnv()
    await post(env, route, route.body('kovacs-csalad', 1), 'conflict-key')
    const res = await post(env, route, route.body('kovacs-csalad', 2), 'conflict-key')
    expect(res.status).toBe(409)
    expect(res.json).toEqual({
      error: { code: 'idempotency_conflict', message: expect.stringContaining('different request body') },
    })
    expect(await rows(env, route)).toBe(1)
  })

  it('stores once when identical requests with one key arrive at the same time', async () => {
    const env = await testEnv()
    const results = await Promise.all(
      Array.from({ length: 6 }, () => post(env, route, route.body('kovacs-csalad'), 'same-time')),
    )
    expect(results.map((r) => r.status)).toEqual(results.map(() => route.status))
    for (const r of results) expect(r.json).toEqual(results[0].json)
    expect(await rows(env, route)).toBe(1)
  })

  it('frees the key 24 hours after its first use', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:30:00Z') })
    const first = await post(env, route, route.body('kovacs-csalad'), 'daily-key')
    env.clock.advance(24 * HOUR - 1)
    expect((await post(env, route, route.body('kovacs-csalad', 3), 'daily-key')).status).toBe(409)
    env.clock.advance(1)
    const later = await post(env, route, route.body('kovacs-csalad', 3), 'daily-key')
    expect(later.status).toBe(route.status)
    if (name !== 'notify') expect(later.json).not.toEqual(first.json)
    expect(await rows(env, route)).toBe(2)
    // ...and holds it again for the new answer.
    expect((await post(env, route, route.body('kovacs-csalad', 3), 'daily-key')).json).toEqual(later.json)
    expect(await rows(env, route)).toBe(2)
  })

  it.each([
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
    ['with a space', 'two words'],
    ['with a tab', 'two\twords'],
    ['not ASCII', 'kulcs-é'],
  ])('refuses a key that is %s with 400 and stores nothing', async (_, key) => {
    const env = await testEnv()
    const res = await post(env, route, route.body('kovacs-csalad'), key)
    expect(res.status).toBe(400)
    expect(res.json.error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'Idempotency-Key', message: expect.stringContaining('1-255') }],
    })
    expect(await rows(env, route)).toBe(0)
  })

  it('accepts a key of 1 and of 255 visible ASCII characters', async () => {
    const env = await testEnv()
    for (const [i, key] of ['~', '!'.repeat(5) + 'a'.repeat(250)].entries()) {
      expect((await post(env, route, route.body('kovacs-csalad', i), key)).status).toBe(route.status)
    }
    expect(await rows(env, route)).toBe(2)
  })

  it("keeps each customer's keys apart, also for customer keys", async () => {
    const env = await testEnv()
    const kovacs = await managedCustomer(env, 'kovacs-csalad')
    const nagy = await managedCustomer(env, 'nagy-bt')
    const a = await post(env, route, route.body('kovacs-csalad'), 'shared-key', kovacs.api_key)
    const b = await post(env, route, route.body('nagy-bt'), 'shared-key', nagy.api_key)
    expect([a.status, b.status]).toEqual([route.status, route.status])
    expect(await rows(env, route)).toBe(2)
    // Each retry gets its own customer's answer.
    expect((await post(env, route, route.body('nagy-bt'), 'shared-key', nagy.api_key)).json).toEqual(b.json)
    expect((await post(env, route, route.body('kovacs-csalad'), 'shared-key')).json).toEqual(a.json)
    expect(await rows(env, route)).toBe(2)
  })
})

describe('Idempotency-Key across routes', () => {
  it('keeps the same key on different routes apart', async () => {
    const env = await testEnv()
    for (const route of Object.values(ROUTES)) {
      expect((await post(env, route, route.body('kovacs-csalad'), 'one-key')).status).toBe(route.status)
      expect(await rows(env, route)).toBe(1)
    }
  })

  it('stores a digest of the body and the answer, never the body', async () => {
    const env = await testEnv()
    const backup = fixtureInfraBackup()
    backup.restic.primary_password = 'canary-restic-pw-0e4d1c'
    await post(env, ROUTES['infra-backup'], backup, 'backup-key')
    const rs = await env.db.execute('SELECT * FROM idempotency_keys')
    expect(rs.rows).toHaveLength(1)
    const row = JSON.stringify(rs.rows[0])
    expect(row).not.toContain('canary-restic-pw')
    expect(row).not.toContain(backup.controller_yaml_b64.slice(0, 20))
    expect(row.length).toBeLessThan(512)
    // Keyed: without server.secret_key the digest cannot be used to test guessed passwords.
    expect(rs.rows[0].body_digest).toMatch(/^[0-9a-f]{64}$/)
    expect(rs.rows[0].body_digest).not.toBe(await sha256Hex(JSON.stringify(backup)))
  })
})
