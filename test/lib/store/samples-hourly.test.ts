// Samples older than the raw week are folded into hourly rows: averages where an average is the
// figure (CPU, load, memory), the highest where the peak matters (disk, temperature, CPU and memory
// peaks), the worst health and the fewest running containers. A point reads the same whether its
// hour was folded yet or not.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { hourlySince, foldSamples, deleteOldHourly } from '../../../lib/store/samples-hourly.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { sendReport } from '../../support/scheduled-seed.js'

const HOUR = 3_600_000
const T = Date.parse('2026-11-01T10:00:00Z')

/** Four reports within the hour at T, one in the next, with the figures that fold differently. */
async function seeded(): Promise<TestEnv & { ref: number }> {
  const env = await testEnv({ clock: fixedClock(T) })
  const readings = [
    { at: 0, cpu: 10, used: 50, disk: 40, temp: 40, health: 'ok', running: 14 },
    { at: 15, cpu: 30, used: 70, disk: 60, temp: 55, health: 'fail', running: 12 },
    { at: 30, cpu: 20, used: 60, disk: 50, temp: 45, health: 'warn', running: 13 },
    { at: 45, cpu: 40, used: 80, disk: 45, temp: 42, health: 'ok', running: 14 },
    { at: 60, cpu: 90, used: 90, disk: 90, temp: 90, health: 'ok', running: 14 },
  ]
  for (const r of readings) {
    env.clock.set(T + r.at * 60_000)
    await sendReport(env, 'kovacs-csalad', {
      health: { status: r.health },
      system: {
        cpu_percent: r.cpu,
        load1: r.cpu / 10,
        memory_total_bytes: 100,
        memory_used_bytes: r.used,
        temperature_c: r.temp,
      },
      storage: [{ label: 'd', mount: '/', total_bytes: 100, used_bytes: r.disk }],
      containers: Array.from({ length: 14 }, (_, i) => ({
        name: `c${i}`,
        state: i < r.running ? 'running' : 'exited',
      })),
    })
  }
  const ref = Number(
    (await env.db.execute("SELECT ref FROM customer_configs WHERE customer_id = 'kovacs-csalad'")).rows[0]
      .ref,
  )
  return Object.assign(env, { ref })
}

const count = async (env: TestEnv, table: string) =>
  Number((await env.db.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)

describe('folding samples into hourly rows', () => {
  it('folds an hour into one row of averages, peaks, the worst health and the fewest running', async () => {
    const env = await seeded()
    const before = await hourlySince(env.db, env.ref, T)
    expect(await foldSamples(env.db, env.ref, Math.floor((T + HOUR) / 1000), 100)).toBe(4)
    expect(await count(env, 'samples')).toBe(1)
    expect(await count(env, 'samples_hourly')).toBe(1)
    const after = await hourlySince(env.db, env.ref, T)
    expect(after[0]).toEqual({
      received_at: T,
      health: 'fail',
      cpu_percent: 25,
      cpu_percent_max: 40,
      load1: 2.5,
      memory_used_percent: 65,
      memory_used_percent_max: 80,
      disk_used_percent_max: 60,
      temperature_c: 55,
      containers_running: 12,
      containers_total: 14,
      samples: 4,
    })
    // The same point before the fold (aggregated from raw samples) as after it.
    expect(before).toEqual(after)
    expect(after.map((p) => p.received_at)).toEqual([T, T + HOUR])
  })

  it('folds in bounded batches of whole hours, and merges an hour that was folded before', async () => {
    const env = await seeded()
    // A batch of 2 rows ends after the hour of its second row: the whole first hour (4 rows).
    expect(await foldSamples(env.db, env.ref, Math.floor((T + 2 * HOUR) / 1000), 2)).toBe(4)
    expect(await foldSamples(env.db, env.ref, Math.floor((T + 2 * HOUR) / 1000), 2)).toBe(1)
    expect(await foldSamples(env.db, env.ref, Math.floor((T + 2 * HOUR) / 1000), 2)).toBe(0)
    // A sample of an hour already folded (imported late) is merged into the hour, weighted.
    env.clock.set(T + 5 * 60_000)
    await sendReport(env, 'kovacs-csalad', { system: { cpu_percent: 50 }, health: { status: 'ok' } })
    await foldSamples(env.db, env.ref, Math.floor((T + 2 * HOUR) / 1000), 100)
    const [hour] = await hourlySince(env.db, env.ref, T)
    expect(hour.samples).toBe(5)
    expect(hour.cpu_percent).toBe(30) // (25 × 4 + 50) / 5
    expect(hour.cpu_percent_max).toBe(50)
    expect(hour.health).toBe('fail')
  })

  it('deletes hourly rows past retention', async () => {
    const env = await seeded()
    await foldSamples(env.db, env.ref, Math.floor((T + 2 * HOUR) / 1000), 100)
    expect(await deleteOldHourly(env.db, env.ref, Math.floor((T + HOUR) / 1000), 100)).toBe(1)
    expect((await hourlySince(env.db, env.ref, T)).map((p) => p.received_at)).toEqual([T + HOUR])
  })
})
