// npm run bench -- --fleet: the hub with 10,000 customers. They appear by reporting (50
// connections, each home once), then the fleet page, the customers page and GET /api/v1/customers
// are asked one after another; p50 of each, the page sizes, and the hub's highest RSS through it
// all (creating and serving). BENCH_FLEET_HOMES sets the fleet's size.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { homeId, reportOf } from './fleet-data.mjs'
import { KEY, load, memoryOf, mib, percentiles, startHub, stop, watchPeak } from './hub.mjs'

const HOMES = Number(process.env.BENCH_FLEET_HOMES ?? 10_000)
const ROUNDS = 20
const MiB = 1024 * 1024

async function timed(port, path, headers) {
  const times = []
  let bytes = 0
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now()
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers })
    const body = await res.arrayBuffer()
    times.push(performance.now() - t0)
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
    bytes = body.byteLength
  }
  return { ...percentiles(times), bytes }
}

export async function fleet(row) {
  const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-fleet-'))
  const { child, port } = await startHub(dir)
  try {
    const peak = watchPeak(child.pid)
    console.log(`\nfleet: ${HOMES} homes report once each (50 connections)`)
    const t0 = Date.now()
    const at = Date.parse('2026-12-01T03:00:00Z')
    let n = 0
    const created = await load({
      url: `http://127.0.0.1:${port}`,
      connections: 50,
      amount: HOMES,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/report',
          headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: JSON.stringify(reportOf(n++, at)) }),
        },
      ],
    })
    const createdRss = peak()
    console.log(
      `fleet: created in ${((Date.now() - t0) / 1000).toFixed(0)} s (${created.non2xx} non-2xx); peak RSS so far ${mib(createdRss)} MiB`,
    )
    // The dashboard is open (no password hash): the first page gives a session cookie.
    const first = await fetch(`http://127.0.0.1:${port}/`)
    await first.arrayBuffer()
    const cookie = first.headers.get('set-cookie').split(';')[0]
    const servePeak = watchPeak(child.pid)
    const pages = {
      fleet: await timed(port, '/', { Cookie: cookie }),
      fleetSearch: await timed(port, `/?q=${homeId(4242)}`, { Cookie: cookie }),
      fleetFiltered: await timed(port, '/?status=warn&page=3', { Cookie: cookie }),
      customers: await timed(port, '/configs', { Cookie: cookie }),
      api: await timed(port, '/api/v1/customers', { Authorization: `Bearer ${KEY}` }),
      apiPage: await timed(port, '/api/v1/customers?limit=500', { Authorization: `Bearer ${KEY}` }),
    }
    const serveRss = servePeak()
    const settled = memoryOf(child.pid).rss
    for (const [name, p] of Object.entries(pages))
      console.log(
        `fleet: ${name.padEnd(14)} p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, ${(p.bytes / 1024).toFixed(0)} KiB`,
      )
    const highest = Math.max(createdRss, serveRss)
    console.log(
      `fleet: RSS peak creating ${mib(createdRss)} MiB, serving ${mib(serveRss)} MiB, after ${mib(settled)} MiB`,
    )
    const ms = (p) => `p50 ${p.p50.toFixed(0)} ms (${(p.bytes / 1024).toFixed(0)} KiB)`
    row(`fleet page at ${HOMES} customers`, ms(pages.fleet), 'p50 ≤ 100 ms', pages.fleet.p50 <= 100)
    row(
      'fleet page, searched / filtered',
      `${ms(pages.fleetSearch)} / ${ms(pages.fleetFiltered)}`,
      'p50 ≤ 100 ms',
      Math.max(pages.fleetSearch.p50, pages.fleetFiltered.p50) <= 100,
    )
    row(`customers page at ${HOMES}`, ms(pages.customers), 'p50 ≤ 100 ms', pages.customers.p50 <= 100)
    row('GET /api/v1/customers, complete (streamed)', ms(pages.api), '—', '')
    row('GET /api/v1/customers?limit=500', ms(pages.apiPage), '—', '')
    row('RSS creating and serving the fleet', `${mib(highest)} MiB`, '≤ 128 MiB', highest <= 128 * MiB)
  } finally {
    await stop(child)
    rmSync(dir, { recursive: true, force: true })
  }
}
