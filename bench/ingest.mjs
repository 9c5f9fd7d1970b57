// The quick mode of `npm run bench`: the same-run ceiling (a bare @whatwg-node/server hello), the
// hub's idle resident memory after start, report ingest under 50 connections with its peak memory,
// and what a stored report costs on disk.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import {
  CRON,
  METRICS,
  ROOT,
  fixtureReport,
  http,
  load,
  memoryOf,
  reportLoad,
  sleep,
  start,
  startHub,
  stop,
  watchPeak,
} from './hub.mjs'

const CONNECTIONS = 50
const CUSTOMERS = 1000

export async function ceiling(seconds) {
  const { child, port } = await start(join(ROOT, 'bench/hello.mjs'), {})
  const res = await load({
    url: `http://127.0.0.1:${port}/hello`,
    connections: CONNECTIONS,
    duration: seconds,
  })
  await stop(child)
  return { rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99 }
}

/**
 * Idle: a fresh hub, its first tick fired (every job due on a fresh database runs, as after a
 * real start), /healthz and a scrape as the probes and Prometheus would, then `settle` seconds of
 * quiet with another probe and scrape every 10 s. VmRSS 15 s after the tick ("after start"), and
 * the lowest VmRSS of the rest ("settled": V8 shrinks its young generation after some quiet
 * seconds, when exactly is its own heuristic).
 */
async function idle(port, pid, settleSeconds) {
  await http(port, 'GET', '/healthz')
  await http(port, 'POST', '/internal/cron/tick', { token: CRON })
  await http(port, 'GET', '/metrics', { token: METRICS })
  let afterStart = 0
  let settled = Infinity
  for (let t = 1; t <= settleSeconds; t++) {
    await sleep(1000)
    if (t % 10 === 0) {
      await http(port, 'GET', '/healthz')
      await http(port, 'GET', '/metrics', { token: METRICS })
    }
    const rss = memoryOf(pid).rss
    if (t === 15) afterStart = rss
    if (t >= 15) settled = Math.min(settled, rss)
  }
  return { afterStart, settled }
}

export async function ingest({ seconds, idleSeconds }) {
  const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-bench-'))
  try {
    const { child, port } = await startHub(dir)
    const idleMem = await idle(port, child.pid, idleSeconds)
    const report = fixtureReport()
    const bodies = Array.from({ length: CUSTOMERS }, (_, i) =>
      JSON.stringify({ ...report, customer_id: `bench-customer-${i}` }),
    )
    const peak = watchPeak(child.pid)
    const res = await reportLoad(port, bodies, { connections: CONNECTIONS, seconds })
    const peakRss = peak()
    const hwm = memoryOf(child.pid).hwm
    await stop(child)
    const db = createClient({ url: `file:${join(dir, 'hub.db')}` })
    const count = Number((await db.execute('SELECT count(*) AS n FROM reports')).rows[0].n)
    const sizes = Object.fromEntries(
      (await db.execute('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name')).rows.map((r) => [
        r.name,
        Number(r.bytes),
      ]),
    )
    db.close()
    const reportBytes = ((sizes.reports ?? 0) + (sizes.reports_received_at ?? 0)) / Math.max(1, count)
    return {
      idleRss: idleMem.afterStart,
      idleSettled: idleMem.settled,
      rps: res.requests.average,
      p50: res.latency.p50,
      p99: res.latency.p99,
      non2xx: res.non2xx,
      errors: res.errors + res.timeouts,
      peakRss,
      hwm,
      count,
      reportBytes,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
