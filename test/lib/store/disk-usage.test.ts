// disk_usage as ingest writes it: each mount of each report, but only when its usage changed since
// the mount's latest row, and at most once an hour.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client/web'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { getCustomer } from '../../../lib/store/customers.js'
import { diskUsageSince, deleteOldDiskUsage } from '../../../lib/store/disk-usage.js'
import { migrate } from '../../../lib/store/migrate.js'
import { storeReports } from '../../../lib/store/reports.js'
import { startHranaServer, type HranaServer } from '../../support/hrana-server.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { bareReportRow } from '../../support/factories.js'
import { fixtureReport } from '../../support/fixtures.js'
import { sendReport } from '../../support/scheduled-seed.js'

const HOUR = 3_600_000
const T0 = Date.parse('2026-11-29T04:00:00Z')

/** The fixture's three mounts, hdd1 at `hdd1Used` bytes. */
function storage(hdd1Used: number) {
  return fixtureReport().storage.map((s: any) =>
    s.label === 'hdd1' ? { ...s, used_bytes: Math.round(hdd1Used) } : s,
  )
}
const TOTAL = 3000592982016

async function rows(env: TestEnv) {
  const rs = await env.db.execute(
    'SELECT customer_ref, mount, hour, used FROM disk_usage ORDER BY mount, hour',
  )
  return rs.rows.map((r) => ({ mount: String(r.mount), at: Number(r.hour) * HOUR, used: Number(r.used) }))
}

describe('disk usage at ingest', () => {
  it('stores each mount of a report in hundredths of a percent of its size', async () => {
    const env = await testEnv({ clock: fixedClock(T0 + 5 * 60_000) })
    await sendReport(env, 'kovacs-csalad')
    expect(await rows(env)).toEqual([
      { mount: '/', at: T0, used: 1932 }, // 48.3 GB of 250 GB
      { mount: '/mnt/hdd1', at: T0, used: 8300 },
      { mount: '/mnt/hdd2', at: T0, used: 4035 },
    ])
  })

  it('writes nothing while a mount stays the same, and a change at most once an hour', async () => {
    const env = await testEnv({ clock: fixedClock(T0) })
    await sendReport(env, 'kovacs-csalad', { storage: storage(0.5 * TOTAL) })
    env.clock.set(T0 + 15 * 60_000)
    await sendReport(env, 'kovacs-csalad', { storage: storage(0.51 * TOTAL) }) // same hour: ignored
    env.clock.set(T0 + 75 * 60_000)
    await sendReport(env, 'kovacs-csalad', { storage: storage(0.51 * TOTAL) }) // next hour, changed
    env.clock.set(T0 + 135 * 60_000)
    await sendReport(env, 'kovacs-csalad', { storage: storage(0.51 * TOTAL) }) // unchanged
    env.clock.set(T0 + 10 * HOUR)
    await sendReport(env, 'kovacs-csalad', { storage: storage(0.5 * TOTAL) }) // back down: a change
    const hdd1 = (await rows(env)).filter((r) => r.mount === '/mnt/hdd1')
    expect(hdd1).toEqual([
      { mount: '/mnt/hdd1', at: T0, used: 5000 },
      { mount: '/mnt/hdd1', at: T0 + HOUR, used: 5100 },
      { mount: '/mnt/hdd1', at: T0 + 10 * HOUR, used: 5000 },
    ])
    // The other mounts never changed: one row each.
    expect((await rows(env)).filter((r) => r.mount !== '/mnt/hdd1')).toHaveLength(2)
  })

  it('keeps customers apart, within one group commit too', async () => {
    const env = await testEnv({ clock: fixedClock(T0) })
    await Promise.all([
      sendReport(env, 'kovacs-csalad', { storage: storage(0.5 * TOTAL) }),
      sendReport(env, 'nagy-csalad', { storage: storage(0.7 * TOTAL) }),
    ])
    const rs = await env.db.execute(
      `SELECT c.customer_id, u.used FROM disk_usage u JOIN customer_configs c ON c.ref = u.customer_ref
       WHERE u.mount = '/mnt/hdd1' ORDER BY c.customer_id`,
    )
    expect(rs.rows.map((r) => [r.customer_id, r.used])).toEqual([
      ['kovacs-csalad', 5000],
      ['nagy-csalad', 7000],
    ])
  })

  it('reads back a window with the level each mount entered it at, and forgets old rows', async () => {
    const env = await testEnv({ clock: fixedClock(T0 - 20 * 24 * HOUR) })
    await sendReport(env, 'kovacs-csalad', { storage: storage(0.4 * TOTAL) })
    env.clock.set(T0 - 19 * 24 * HOUR)
    await sendReport(env, 'kovacs-csalad', { storage: storage(0.45 * TOTAL) })
    env.clock.set(T0)
    await sendReport(env, 'kovacs-csalad', { storage: storage(0.5 * TOTAL) })
    const ref = (await getCustomer(env.db, 'kovacs-csalad'))!.ref
    const hdd1 = (await diskUsageSince(env.db, ref, T0 - 14 * 24 * HOUR)).filter(
      (r) => r.mount === '/mnt/hdd1',
    )
    expect(hdd1).toEqual([
      { mount: '/mnt/hdd1', at: T0 - 19 * 24 * HOUR, percent: 45 },
      { mount: '/mnt/hdd1', at: T0, percent: 50 },
    ])
    // Rows before the cut go (the three of day -20); a mount left without rows gets one again
    // with its next report, as its value then differs from none.
    expect(await deleteOldDiskUsage(env.db, ref, T0 - 19 * 24 * HOUR)).toBe(3)
    expect((await rows(env)).map((r) => [r.mount, r.used])).toEqual([
      ['/mnt/hdd1', 4500],
      ['/mnt/hdd1', 5000],
    ])
    env.clock.set(T0 + HOUR)
    await sendReport(env, 'kovacs-csalad', { storage: storage(0.5 * TOTAL) })
    expect((await rows(env)).map((r) => r.mount)).toEqual(['/', '/mnt/hdd1', '/mnt/hdd1', '/mnt/hdd2'])
  })
})

describe('disk usage over libSQL’s HTTP protocol (the Worker’s client)', () => {
  let hrana: HranaServer | undefined
  let dir: string | undefined
  afterEach(async () => {
    await hrana?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('stores integers and skips unchanged readings just the same', async () => {
    dir = mkdtempSync(join(tmpdir(), 'disk-usage-hrana-'))
    hrana = await startHranaServer(join(dir, 'hub.db'))
    const db = createClient({ url: hrana.url, intMode: 'number' })
    await migrate(db)
    const row = (at: number, used: number) =>
      bareReportRow('kovacs-csalad', at, { disks: [{ mount: '/mnt/hdd1', used }] })
    await storeReports(db, [row(T0, 5000), row(T0 + 60_000, 5100)])
    await storeReports(db, [row(T0 + HOUR, 5000)])
    await storeReports(db, [row(T0 + 2 * HOUR, 5100)])
    const rs = await db.execute(
      'SELECT hour, used, typeof(used) AS t, typeof(hour) AS h FROM disk_usage ORDER BY hour',
    )
    expect(rs.rows.map((r) => [Number(r.hour) * HOUR - T0, r.used, r.t, r.h])).toEqual([
      [0, 5000, 'integer', 'integer'],
      [2 * HOUR, 5100, 'integer', 'integer'],
    ])
    db.close()
  })
})
