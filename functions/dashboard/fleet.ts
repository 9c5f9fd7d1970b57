// GET /: the fleet page.
import { h } from 'preact'
import { updateAvailable } from '../../lib/controller-versions.js'
import { latestKnownVersion } from '../../lib/registry.js'
import { customerSummaries } from '../../lib/reports.js'
import { FleetPage } from '../../pages/fleet.js'
import { frame, page, type DashHandler } from './context.js'

export const fleetPage: DashHandler = async (req, env) => {
  const [summaries, latest] = await Promise.all([customerSummaries(env), latestKnownVersion(env)])
  const rows = summaries
    .filter((s) => s.status !== 'blocked')
    .map((s) => ({ ...s, updateAvailable: updateAvailable(s.controller_version, latest?.version) }))
  const now = env.clock.now().getTime()
  return page(req, h(FleetPage, { ...frame(req), now, rows, latestVersion: latest?.version ?? null }))
}
