// Two real hub processes on one libSQL server (the test Hrana v2 server), as with several replicas
// on sqld: what is in the database, not anything in a process, keeps a job's slot to one run and
// an Idempotency-Key to one stored event.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterEach, describe, expect, it } from 'vitest'
import { startHranaServer, type HranaServer } from '../support/hrana-server.js'
import { startHub, type HubProcess } from '../support/process.js'

const CRON_TOKEN = 'shared-db-cron-token-0123456789'
const API_KEY = 'shared-db-global-key-0123456789'
let server: HranaServer | undefined
let hubs: HubProcess[] = []
let dir: string | undefined

afterEach(async () => {
  for (const hub of hubs) hub.child.kill('SIGKILL')
  await Promise.all(hubs.map((h) => h.exited))
  await server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  hubs = []
  server = dir = undefined
})

async function twoHubsOnOneServer() {
  dir = mkdtempSync(join(tmpdir(), 'felhom-hub-shared-'))
  server = await startHranaServer(join(dir, 'hub.db'))
  const vars = {
    HUB_SERVER_DATABASE_URL: server.url,
    HUB_SERVER_SECRET_KEY: 'shared-db-secret-key-0123456789-0123456789',
    HUB_SERVER_CRON_TOKEN: CRON_TOKEN,
    HUB_API_REPORT_API_KEY: API_KEY,
    // Only the calls below may run jobs, and nothing a job calls may leave the machine.
    HUB_SERVER_SCHEDULER: 'external',
    HUB_REGISTRY_URL: 'http://127.0.0.1:9',
    HUB_NOTIFICATIONS_RESEND_BASE_URL: 'http://127.0.0.1:9',
  }
  // One after the other: the first applies the migrations, the second finds them applied.
  hubs.push(await startHub(vars))
  hubs.push(await startHub(vars))
  return { server, hubs }
}

const fire = (hub: HubProcess, job: string) =>
  fetch(`${hub.url}/internal/cron/${job}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${CRON_TOKEN}` },
  }).then(async (res) => ({ status: res.status, json: await res.json() }))

describe('two hub processes on one libSQL server', () => {
  it('run a slot once when direct calls and ticks reach both at the same time', async () => {
    const { server, hubs } = await twoHubsOnOneServer()
    // backup-deadline's slot is the day's 05:00 Budapest: the same for every call below.
    const calls = await Promise.all(
      hubs.flatMap((hub) => [
        fire(hub, 'backup-deadline'),
        fire(hub, 'tick'),
        fire(hub, 'backup-deadline'),
        fire(hub, 'backup-deadline'),
      ]),
    )
    expect(calls.map((c) => c.status)).toEqual(calls.map(() => 200))
    const ran = calls.map((c) => (c.json.job === 'tick' ? c.json.summary['backup-deadline'].ran : c.json.ran))
    expect(ran.filter((r) => r === true)).toHaveLength(1)
    for (const c of calls.filter((c) => c.json.job === 'backup-deadline' && !c.json.ran)) {
      expect(c.json.reason).toMatch(/^slot \S+ (already ran|is running)$/)
    }

    const db = createClient({ url: server.url, intMode: 'number' })
    const rs = await db.execute("SELECT slot, trigger FROM job_runs WHERE job = 'backup-deadline'")
    db.close()
    expect(rs.rows).toHaveLength(1)
  })

  it('store one event for one Idempotency-Key sent to both at the same time', async () => {
    const { server, hubs } = await twoHubsOnOneServer()
    const body = JSON.stringify({
      customer_id: 'kovacs-csalad',
      event_type: 'backup_failed',
      severity: 'error',
      message: 'restic: repository locked',
    })
    const send = (hub: HubProcess) =>
      fetch(`${hub.url}/api/v1/event`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${API_KEY}`,
          'Idempotency-Key': 'evt-0042',
          'Content-Type': 'application/json',
        },
        body,
      }).then(async (res) => ({ status: res.status, json: await res.json() }))
    const answers = await Promise.all(hubs.flatMap((hub) => [send(hub), send(hub), send(hub)]))
    for (const a of answers)
      expect(a).toEqual({ status: 201, json: { ok: true, event_id: expect.any(Number) } })
    expect(new Set(answers.map((a) => a.json.event_id)).size).toBe(1)

    const db = createClient({ url: server.url, intMode: 'number' })
    const rs = await db.execute('SELECT id FROM events')
    db.close()
    expect(rs.rows.map((r) => r.id)).toEqual([answers[0].json.event_id])
  })
})
