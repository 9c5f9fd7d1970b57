import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { startScheduler, type Timers } from '../../scheduled/in-process.js'
import { testEnv } from '../support/env.js'

/** Timers the test fires by hand: each planned callback with the delay it asked for. */
function handTimers() {
  const planned: { fn: () => void; ms: number; cleared: boolean }[] = []
  const timers: Timers = {
    set(fn, ms) {
      const t = { fn, ms, cleared: false }
      planned.push(t)
      return t
    },
    clear(handle) {
      if (handle) (handle as { cleared: boolean }).cleared = true
    },
  }
  const live = () => planned.filter((t) => !t.cleared)
  /** Fires the one live timer (it is consumed by firing). */
  const fire = () => {
    const [t, ...rest] = live()
    expect(rest, 'one timer at a time').toEqual([])
    t.cleared = true
    t.fn()
  }
  return { timers, planned, live, fire }
}

/** A tick the test finishes by hand. */
function heldTicks() {
  const started: { at: string; finish: (err?: Error) => void }[] = []
  const tick = (env: { clock: { now(): Date } }) =>
    new Promise<void>((resolve, reject) => {
      started.push({ at: env.clock.now().toISOString(), finish: (err) => (err ? reject(err) : resolve()) })
    })
  return { tick, started }
}

// Lets the scheduler's promise callbacks (then/finally) run.
const settled = () => new Promise((r) => setImmediate(r))

describe('the in-process scheduler', () => {
  it('ticks on each minute boundary, and plans the next tick only once the current one has finished', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:30:20Z') })
    const { timers, live, fire } = handTimers()
    const { tick, started } = heldTicks()
    const scheduler = startScheduler(env, { intervalMs: 60_000, tick, timers })

    expect(live().map((t) => t.ms)).toEqual([40_000])
    env.clock.advance(40_000)
    fire()
    expect(started.map((s) => s.at)).toEqual(['2026-11-29T04:31:00.000Z'])
    // While it runs nothing else is planned, however long it takes.
    env.clock.advance(150_000)
    expect(live()).toEqual([])

    started[0].finish()
    await settled()
    // It overran two boundaries: the next tick is at the next boundary, not three at once.
    expect(live().map((t) => t.ms)).toEqual([30_000])
    await scheduler.stop()
  })

  it('logs a failing tick and keeps going', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:30:00Z') })
    const { timers, live, fire } = handTimers()
    const { tick, started } = heldTicks()
    const scheduler = startScheduler(env, { intervalMs: 60_000, tick, timers })
    env.clock.advance(60_000)
    fire()
    started[0].finish(new Error('database is locked'))
    await settled()
    expect(env.log.lines.join('\n')).toMatch(/in-process tick failed.*database is locked/)
    expect(live()).toHaveLength(1)
    env.clock.advance(60_000)
    fire()
    expect(started).toHaveLength(2)
    started[1].finish()
    await scheduler.stop()
  })

  it('waits out the rest of the period when a timer fires early', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:30:00.500Z') })
    const { timers, live, fire } = handTimers()
    const { tick, started } = heldTicks()
    const scheduler = startScheduler(env, { intervalMs: 1_000, tick, timers })
    expect(live().map((t) => t.ms)).toEqual([500])
    env.clock.advance(498)
    fire()
    expect(started).toEqual([])
    expect(live().map((t) => t.ms)).toEqual([2])
    env.clock.advance(2)
    fire()
    expect(started.map((s) => s.at)).toEqual(['2026-11-29T04:30:01.000Z'])
    started[0].finish()
    await scheduler.stop()
  })

  it('stops: waits for the tick in progress and plans none after it', async () => {
    const env = await testEnv({ clock: fixedClock('2026-11-29T04:30:00Z') })
    const { timers, live, fire } = handTimers()
    const { tick, started } = heldTicks()
    const scheduler = startScheduler(env, { intervalMs: 60_000, tick, timers })
    env.clock.advance(60_000)
    fire()
    let stopped = false
    const stopping = scheduler.stop().then(() => (stopped = true))
    await settled()
    expect(stopped).toBe(false)
    started[0].finish()
    await stopping
    expect(live()).toEqual([])
  })

  it('stops at once when no tick is running, cancelling the planned one', async () => {
    const env = await testEnv()
    const { timers, live } = handTimers()
    const { tick, started } = heldTicks()
    const scheduler = startScheduler(env, { intervalMs: 60_000, tick, timers })
    expect(live()).toHaveLength(1)
    await scheduler.stop()
    expect(live()).toEqual([])
    expect(started).toEqual([])
  })
})
