// `server.scheduler: in-process`: the hub runs `tick` itself, so `npm start` (or `docker run`)
// alone watches the fleet. Ticks fall on whole multiples of the interval (a minute, or a divisor
// of it, see tickIntervalMs), one at a time: the next is planned only when the current one has
// finished, and a tick that overran its period skips to the next boundary rather than queueing
// (the slot ledger lets that tick catch up on whatever became due). A failing tick is logged and
// the loop goes on. The ledger keeps each job once per slot, so CronJobs calling
// /internal/cron/* at the same time cannot run a slot twice.
import type { Env } from '../lib/core/env.js'
import { errorFields } from '../lib/core/log.js'
import { runTick } from './tick.js'

export interface Timers {
  set(fn: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export interface SchedulerOptions {
  intervalMs: number
  /** What each tick runs; runTick in the hub. */
  tick?: (env: Env) => Promise<unknown>
  /** setTimeout/clearTimeout; tests pass timers they fire by hand. */
  timers?: Timers
}

export interface Scheduler {
  /** Plans no further tick and resolves once the tick in progress (if any) has finished. */
  stop(): Promise<void>
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export function startScheduler(env: Env, opts: SchedulerOptions): Scheduler {
  const tick = opts.tick ?? runTick
  const timers = opts.timers ?? realTimers
  const every = opts.intervalMs
  let stopped = false
  let timer: unknown
  let running: Promise<void> | null = null

  // 1. Wait for the next boundary. A timer may fire a little early by the clock: then wait again.
  const plan = () => {
    if (stopped) return
    const now = env.clock.now().getTime()
    const boundary = Math.floor(now / every) * every + every
    const waitFor = (at: number) => {
      timer = timers.set(() => {
        const left = at - env.clock.now().getTime()
        if (left > 0) return waitFor(at)
        fire()
      }, at - env.clock.now().getTime())
    }
    waitFor(boundary)
  }
  // 2. Run one tick; only when it has settled plan the next.
  const fire = () => {
    if (stopped) return
    running = tick(env)
      .then(
        () => undefined,
        (err) => env.log.error('in-process tick failed', errorFields(err)),
      )
      .finally(() => {
        running = null
        plan()
      })
  }

  plan()
  return {
    async stop() {
      stopped = true
      timers.clear(timer)
      await running
    },
  }
}
