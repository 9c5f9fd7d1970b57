// server.scheduler: in-process — the real process watches the fleet with no CronJob and no
// /internal/cron call.
import { afterEach, describe, expect, it } from 'vitest'
import { reportFor } from '../support/fixtures.js'
import { eventually, startHub, type HubProcess } from '../support/process.js'

const KEY = 'scheduler-test-global-key'
let hub: HubProcess | undefined
afterEach(() => {
  hub?.child.kill('SIGKILL')
  hub = undefined
})

const summaryOf = async (h: HubProcess, id: string) => {
  const res = await fetch(`${h.url}/api/v1/customers`, { headers: { Authorization: `Bearer ${KEY}` } })
  const { customers } = await res.json()
  return customers.find((c: { customer_id: string }) => c.customer_id === id)
}

describe('the in-process scheduler of bin/server', () => {
  it('marks a silent node stale, then down, on its own; and stops before the database closes', async () => {
    hub = await startHub({
      HUB_API_REPORT_API_KEY: KEY,
      HUB_ALERTING_STALE_THRESHOLD: '3s',
    })
    expect(hub.output()).toMatch(/"scheduler":"in-process","tick_interval_s":1/)
    const res = await fetch(`${hub.url}/api/v1/report`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      // Backups off, so the backup-deadline job (due at the first tick) has nothing to warn about.
      body: JSON.stringify(
        reportFor('quiet-node', { backups: { backup_enabled: false, dbdump_enabled: false } }),
      ),
    })
    expect(res.status).toBe(200)

    // node_stale is a warning event, node_down an error event: one each, from the hub alone.
    const stale = await eventually(async () => {
      const c = await summaryOf(hub!, 'quiet-node')
      return c.events_24h.warning > 0 ? c : undefined
    }, 'node_stale')
    expect(stale.events_24h.error).toBe(0)
    const down = await eventually(async () => {
      const c = await summaryOf(hub!, 'quiet-node')
      return c.events_24h.error > 0 ? c : undefined
    }, 'node_down')
    expect(down).toMatchObject({ status: 'down', events_24h: { warning: 1, error: 1 } })
    // The customer page (the dashboard is open without auth.password_hash) names them.
    const page = await (await fetch(`${hub.url}/customers/quiet-node`)).text()
    expect(page).toContain('node_stale')
    expect(page).toContain('node_down')

    hub.child.kill('SIGTERM')
    expect(await hub.exited).toBe(0)
    const out = hub.output()
    expect(out).not.toContain('in-process tick failed')
    expect(out.indexOf('"msg":"scheduler stopped"')).toBeGreaterThan(0)
    expect(out.indexOf('"msg":"scheduler stopped"')).toBeLessThan(out.indexOf('"msg":"stopped"'))
  })
})
