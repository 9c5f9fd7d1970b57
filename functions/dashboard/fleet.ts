// GET /: the fleet page, a page at a time (?q=&status=&page=), problems first; the status counts
// cover the whole fleet. The columns beyond the summary (drift, disk, DR: small tables of the
// customers that have them; on call: this page's) are read as maps and joined to the rows.
import { h } from 'preact'
import { updateAvailable } from '../../lib/controller/versions.js'
import { latestKnownVersion } from '../../lib/controller/registry.js'
import { customerListPage, listQueryFrom, PER_PAGE } from '../../lib/customers/list.js'
import { fleetOnCall } from '../../lib/oncall/view.js'
import { soonestDiskFull } from '../../lib/store/disk-usage.js'
import { allDrStates } from '../../lib/store/dr.js'
import { FleetPage } from '../../pages/fleet.js'
import { layoutProps, page, type DashHandler } from './context.js'
import { fleetDrift } from './fleet-ops.js'

/** The fleet page leaves blocked customers out (the customers page lists them). */
const FLEET_STATUSES = ['down', 'warn', 'pending', 'disabled', 'ok'] as const

export const getFleetPage: DashHandler = async (req, env) => {
  const query = listQueryFrom(new URL(req.url).searchParams, FLEET_STATUSES)
  const list = await customerListPage(env, query, { order: 'problems-first', withoutBlocked: true })
  // The on-call figures (uptime from state changes) are read for this page's customers only.
  const [latest, drift, diskFull, dr, oncall] = await Promise.all([
    latestKnownVersion(env),
    fleetDrift(env),
    soonestDiskFull(env.db),
    allDrStates(env.db),
    fleetOnCall(env, list.ids),
  ])
  const rows = list.rows.map((s) => ({
    ...s,
    updateAvailable: updateAvailable(s.controller_version, latest?.version),
    drift: drift.get(s.customer_id) ?? null,
    diskFull: diskFull.get(s.customer_id) ?? null,
    dr: dr.get(s.customer_id) ?? null,
    ack: oncall.acks.get(s.customer_id) ?? null,
    uptime30d: oncall.uptime30d.get(s.customer_id) ?? null,
  }))
  const now = env.clock.now().getTime()
  const nav = { path: '/', query: list.query, matching: list.matching, pages: list.pages, perPage: PER_PAGE }
  return page(
    req,
    h(FleetPage, {
      ...layoutProps(req),
      now,
      rows,
      latestVersion: latest?.version ?? null,
      counts: list.counts.byStatus,
      nav,
      oncall,
    }),
  )
}
