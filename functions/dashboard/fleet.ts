// GET /: the fleet page, a page at a time (?q=&status=&page=), problems first; the status counts
// cover the whole fleet.
import { h } from 'preact'
import { updateAvailable } from '../../lib/controller/versions.js'
import { latestKnownVersion } from '../../lib/controller/registry.js'
import { customerListPage, listQueryFrom, PER_PAGE } from '../../lib/customers/list.js'
import { FleetPage } from '../../pages/fleet.js'
import { layoutProps, page, type DashHandler } from './context.js'

/** The fleet page leaves blocked customers out (the customers page lists them). */
const FLEET_STATUSES = ['down', 'warn', 'pending', 'disabled', 'ok'] as const

export const getFleetPage: DashHandler = async (req, env) => {
  const query = listQueryFrom(new URL(req.url).searchParams, FLEET_STATUSES)
  const [list, latest] = await Promise.all([
    customerListPage(env, query, { order: 'problems-first', withoutBlocked: true }),
    latestKnownVersion(env),
  ])
  // Columns beyond the summary load for this page's customers only: loader(env, list.ids).
  const rows = list.rows.map((s) => ({
    ...s,
    updateAvailable: updateAvailable(s.controller_version, latest?.version),
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
    }),
  )
}
