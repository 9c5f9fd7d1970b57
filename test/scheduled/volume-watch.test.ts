// The hub watches its own volume: a reading a day, the forecast, and one fleet-wide warning a day
// to the operator while the volume is 85% full or predicted full within 14 days.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import type { VolumeReading } from '../../lib/store/volume-readings.js'
import { checkVolume } from '../../scheduled/volume-watch.js'
import { testEnv, type TestEnv } from '../support/env.js'
import { hubEvents } from '../support/scheduled-seed.js'

const MiB = 1024 * 1024
const DAY = 86_400_000
const T = Date.parse('2026-11-10T10:00:00Z')

/** A volume of 1,024 MiB whose use the test sets. */
function volumeOf(env: TestEnv, used: { mib: number }) {
  env.volume = async (): Promise<VolumeReading> => ({
    usedBytes: used.mib * MiB,
    sizeBytes: 1024 * MiB,
    databaseBytes: (used.mib - 100) * MiB,
    walBytes: 4 * MiB,
    snapshotBytes: 90 * MiB,
  })
}

describe('volume-watch', () => {
  it('skips where there is no volume of its own (a libSQL server, workerd)', async () => {
    const env = await testEnv()
    expect(await checkVolume(env)).toEqual({ ok: true, skipped: expect.any(String) })
  })

  it('stays quiet on a volume that is neither full nor filling', async () => {
    const env = await testEnv({ clock: fixedClock(T) })
    const used = { mib: 400 }
    volumeOf(env, used)
    for (let d = 0; d < 5; d++) {
      env.clock.set(T + d * DAY)
      used.mib = 400 + d
      expect(await checkVolume(env)).toMatchObject({ ok: true, filling: false, warned: false })
    }
    expect(await hubEvents(env, 'hub_volume_filling')).toEqual([])
  })

  it('warns the operator once a day, fleet-wide, when the trend says full within 14 days', async () => {
    const env = await testEnv({ clock: fixedClock(T) })
    const used = { mib: 500 }
    volumeOf(env, used)
    // 40 MiB a day from 500 MiB: at day 3, 620 MiB used, 404 MiB left is about 10 days.
    const summaries = []
    for (let d = 0; d < 4; d++) {
      env.clock.set(T + d * DAY)
      used.mib = 500 + 40 * d
      summaries.push(await checkVolume(env))
    }
    expect(summaries.map((s) => 'filling' in s && s.filling)).toEqual([false, false, true, true])
    expect(summaries[3]).toMatchObject({ days_until_full: 10.1, warned: true })
    // The hourly run the same day stores the day's reading again but warns no more.
    env.clock.advance(3_600_000)
    expect(await checkVolume(env)).toMatchObject({ filling: true, warned: false })
    const events = await hubEvents(env, 'hub_volume_filling')
    expect(events.map((e) => [e.customer_id, e.severity, e.dedupe_key])).toEqual([
      [null, 'warning', 'hub_volume_filling:2026-11-12'],
      [null, 'warning', 'hub_volume_filling:2026-11-13'],
    ])
    const rows = await env.db.execute('SELECT count(*) AS n FROM volume_readings')
    expect(rows.rows[0].n).toBe(4)
  })

  it('warns at 85% full even when the volume is not growing', async () => {
    const env = await testEnv({ clock: fixedClock(T) })
    volumeOf(env, { mib: 880 })
    expect(await checkVolume(env)).toMatchObject({ used_percent: 85.9, days_until_full: null, warned: true })
    const [event] = await hubEvents(env, 'hub_volume_filling')
    expect(event.customer_id).toBeNull()
  })
})
