import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import { setBlocked } from '../../lib/store/customers.js'
import { markHubStarted } from '../../lib/store/hub-state.js'
import { checkStaleness } from '../../scheduled/staleness.js'
import { testEnv } from '../support/env.js'
import { alertStateOf, hubEvents, MIN, sendReport } from '../support/scheduled-seed.js'

// stale_threshold is 30m by default: stale after 30 min, down after 60 min.
const T0 = '2026-11-29T10:00:00Z'
const T0ms = Date.parse(T0)

async function envWithReport(customerId = 'kovacs-csalad') {
  const env = await testEnv({ clock: fixedClock(T0) })
  await sendReport(env, customerId)
  return env
}

describe('checkStaleness', () => {
  it('moves a silent node ok → stale → down and back to ok when it reports again, one event each', async () => {
    const env = await envWithReport()
    env.clock.set(T0ms + 30 * MIN)
    expect(await checkStaleness(env)).toMatchObject({ checked: 1, stale: 0, down: 0, recovered: 0 })
    expect(await alertStateOf(env, 'kovacs-csalad')).toBeNull()

    env.clock.set(T0ms + 31 * MIN)
    expect(await checkStaleness(env)).toMatchObject({ stale: 1, down: 0 })
    expect(await alertStateOf(env, 'kovacs-csalad')).toBe('stale')

    env.clock.set(T0ms + 61 * MIN)
    expect(await checkStaleness(env)).toMatchObject({ stale: 0, down: 1 })
    expect(await alertStateOf(env, 'kovacs-csalad')).toBe('down')

    env.clock.set(T0ms + 70 * MIN)
    await sendReport(env, 'kovacs-csalad')
    expect(await checkStaleness(env)).toMatchObject({ recovered: 1 })
    expect(await alertStateOf(env, 'kovacs-csalad')).toBe('ok')

    const events = await hubEvents(env)
    expect(events.map((e) => [e.event_type, e.severity])).toEqual([
      ['node_stale', 'warning'],
      ['node_down', 'error'],
      ['node_recovered', 'info'],
    ])
    expect(events.map((e) => e.dedupe_key)).toEqual([
      `node_stale:kovacs-csalad:${T0ms}`,
      `node_down:kovacs-csalad:${T0ms}`,
      `node_recovered:kovacs-csalad:${T0ms + 70 * MIN}`,
    ])
  })

  it('records one event when the same minute is checked twice in a row', async () => {
    const env = await envWithReport()
    env.clock.set(T0ms + 45 * MIN)
    await checkStaleness(env)
    expect(await checkStaleness(env)).toMatchObject({ stale: 0, down: 0 })
    expect(await hubEvents(env, 'node_stale')).toHaveLength(1)
  })

  it('records one event when the same minute is checked five times at once', async () => {
    const env = await envWithReport()
    await sendReport(env, 'nagy-bt')
    env.clock.set(T0ms + 65 * MIN)
    const summaries = await Promise.all(Array.from({ length: 5 }, () => checkStaleness(env)))
    expect(summaries.reduce((n, s) => n + s.down, 0)).toBe(2)
    expect((await hubEvents(env)).map((e) => `${e.event_type}:${e.customer_id}`).sort()).toEqual([
      'node_down:kovacs-csalad',
      'node_down:nagy-bt',
    ])
  })

  it('gives a node that jumps straight past twice the threshold node_down only', async () => {
    const env = await envWithReport()
    env.clock.set(T0ms + 3 * 60 * MIN)
    expect(await checkStaleness(env)).toMatchObject({ stale: 0, down: 1 })
    expect((await hubEvents(env)).map((e) => e.event_type)).toEqual(['node_down'])
  })

  it('starts a new set of events for the next outage after a recovery', async () => {
    const env = await envWithReport()
    env.clock.set(T0ms + 40 * MIN)
    await checkStaleness(env)
    await sendReport(env, 'kovacs-csalad')
    await checkStaleness(env)
    env.clock.set(T0ms + 80 * MIN)
    await checkStaleness(env)
    expect((await hubEvents(env)).map((e) => e.event_type)).toEqual([
      'node_stale',
      'node_recovered',
      'node_stale',
    ])
  })

  it('uses alerting.stale_threshold', async () => {
    const env = await testEnv({ clock: fixedClock(T0), config: { alerting: { stale_threshold: '5m' } } })
    await sendReport(env, 'kovacs-csalad')
    env.clock.set(T0ms + 6 * MIN)
    expect(await checkStaleness(env)).toMatchObject({ stale: 1 })
    env.clock.set(T0ms + 11 * MIN)
    expect(await checkStaleness(env)).toMatchObject({ down: 1 })
  })

  it('ignores blocked nodes and nodes whose latest report disables monitoring', async () => {
    const env = await envWithReport('blocked-node')
    await sendReport(env, 'quiet-node', { monitoring_enabled: false })
    await sendReport(env, 'watched-node')
    await setBlocked(env.db, 'blocked-node', true, T0ms)
    env.clock.set(T0ms + 2 * 60 * MIN)
    expect(await checkStaleness(env)).toMatchObject({ checked: 1, down: 1 })
    expect((await hubEvents(env)).map((e) => e.customer_id)).toEqual(['watched-node'])
    expect(await alertStateOf(env, 'blocked-node')).toBeNull()
    expect(await alertStateOf(env, 'quiet-node')).toBeNull()
  })

  it('puts the state back when the event cannot be stored, so the next run reports it', async () => {
    const env = await envWithReport()
    await env.db.execute(
      `CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    )
    env.clock.set(T0ms + 40 * MIN)
    await expect(checkStaleness(env)).rejects.toThrow(/disk full/)
    expect(await alertStateOf(env, 'kovacs-csalad')).toBe('ok')
    await env.db.execute('DROP TRIGGER refuse_events')
    expect(await checkStaleness(env)).toMatchObject({ stale: 1 })
    expect(await hubEvents(env, 'node_stale')).toHaveLength(1)
  })
})

describe('checkStaleness after the hub itself was down', () => {
  it('counts silence from the hub’s start, and keeps a node that was down before it down', async () => {
    const env = await envWithReport('kovacs-csalad')
    await sendReport(env, 'nagy-bt')
    // nagy-bt went down while the hub was up.
    env.clock.set(T0ms + 61 * MIN)
    await sendReport(env, 'kovacs-csalad')
    expect(await checkStaleness(env)).toMatchObject({ down: 1 })
    expect(await alertStateOf(env, 'nagy-bt')).toBe('down')

    // The hub is down for two hours and starts again at T0 + 3 h.
    const restart = T0ms + 3 * 60 * MIN
    await markHubStarted(env.db, restart)
    env.clock.set(restart + MIN)
    expect(await checkStaleness(env)).toMatchObject({ stale: 0, down: 0, recovered: 0 })
    expect(await alertStateOf(env, 'kovacs-csalad')).toBeNull()
    expect(await alertStateOf(env, 'nagy-bt')).toBe('down')

    // A threshold after the restart, a node still silent is stale; twice that, down.
    env.clock.set(restart + 31 * MIN)
    expect(await checkStaleness(env)).toMatchObject({ stale: 1, down: 0 })
    env.clock.set(restart + 61 * MIN)
    expect(await checkStaleness(env)).toMatchObject({ down: 1 })
    expect((await hubEvents(env)).map((e) => `${e.event_type}:${e.customer_id}`)).toEqual([
      'node_down:nagy-bt',
      'node_stale:kovacs-csalad',
      'node_down:kovacs-csalad',
    ])
  })
})
