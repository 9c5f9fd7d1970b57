// GET /configs: every customer, managed and manual, blocked ones included, a page at a time
// (?q=&status=&page=), by id.
import { h } from 'preact'
import { updateAvailable } from '../../lib/controller/versions.js'
import { latestKnownVersion } from '../../lib/controller/registry.js'
import { customerListPage, listQueryFrom, PER_PAGE } from '../../lib/customers/list.js'
import { ConfigsPage } from '../../pages/configs.js'
import { layoutProps, page, type DashHandler } from './context.js'

export const getConfigsPage: DashHandler = async (req, env) => {
  const query = listQueryFrom(new URL(req.url).searchParams)
  const [list, latest] = await Promise.all([
    customerListPage(env, query, { order: 'id' }),
    latestKnownVersion(env),
  ])
  const rows = list.rows.map((s) => ({
    ...s,
    updateAvailable: updateAvailable(s.controller_version, latest?.version),
  }))
  const nav = {
    path: '/configs',
    query: list.query,
    matching: list.matching,
    pages: list.pages,
    perPage: PER_PAGE,
  }
  return page(
    req,
    h(ConfigsPage, {
      ...layoutProps(req),
      now: env.clock.now().getTime(),
      rows,
      total: list.counts.total,
      managed: list.counts.managed,
      nav,
    }),
  )
}
