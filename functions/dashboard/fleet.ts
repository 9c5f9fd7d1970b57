// GET /: the fleet page.
import { h } from 'preact'
import { updateAvailable } from '../../lib/controller/versions.js'
import { latestKnownVersion } from '../../lib/controller/registry.js'
import { customerSummaries } from '../../lib/reports/summaries.js'
import { FleetPage } from '../../pages/fleet.js'
import { layoutProps, page, type DashHandler } from './context.js'
import { fleetDrift } from './fleet-ops.js'

export const getFleetPage: DashHandler = async (req, env) => {
  const [summaries, latest, drift] = await Promise.all([
    customerSummaries(env),
    latestKnownVersion(env),
    fleetDrift(env),
  ])
  const rows = summaries
    .filter((s) => s.status !== 'blocked')
    .map((s) => ({
      ...s,
      updateAvailable: updateAvailable(s.controller_version, latest?.version),
      drift: drift.get(s.customer_id) ?? null,
    }))
  const now = env.clock.now().getTime()
  return page(req, h(FleetPage, { ...layoutProps(req), now, rows, latestVersion: latest?.version ?? null }))
}
