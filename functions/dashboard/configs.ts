// GET /configs: every customer, managed and manual, blocked ones included.
import { h } from 'preact'
import { updateAvailable } from '../../lib/controller/versions.js'
import { latestKnownVersion } from '../../lib/controller/registry.js'
import { customerSummaries } from '../../lib/reports/summaries.js'
import { ConfigsPage } from '../../pages/configs.js'
import { layoutProps, page, type DashHandler } from './context.js'

export const getConfigsPage: DashHandler = async (req, env) => {
  const [summaries, latest] = await Promise.all([customerSummaries(env), latestKnownVersion(env)])
  const rows = summaries.map((s) => ({
    ...s,
    updateAvailable: updateAvailable(s.controller_version, latest?.version),
  }))
  return page(req, h(ConfigsPage, { ...layoutProps(req), now: env.clock.now().getTime(), rows }))
}
