// GET /: the fleet page.
import { h } from 'preact'
import { updateAvailable } from '../../lib/controller/versions.js'
import { latestKnownVersion } from '../../lib/controller/registry.js'
import { customerSummaries } from '../../lib/reports/summaries.js'
import { soonestDiskFull } from '../../lib/store/disk-usage.js'
import { allDrStates } from '../../lib/store/dr.js'
import { fleetOnCall } from '../../lib/oncall/view.js'
import { FleetPage } from '../../pages/fleet.js'
import { layoutProps, page, type DashHandler } from './context.js'
import { fleetDrift } from './fleet-ops.js'

export const getFleetPage: DashHandler = async (req, env) => {
  const [summaries, latest, drift, diskFull, dr, oncall] = await Promise.all([
    customerSummaries(env),
    latestKnownVersion(env),
    fleetDrift(env),
    soonestDiskFull(env.db),
    allDrStates(env.db),
    fleetOnCall(env),
  ])
  const rows = summaries
    .filter((s) => s.status !== 'blocked')
    .map((s) => ({
      ...s,
      updateAvailable: updateAvailable(s.controller_version, latest?.version),
      drift: drift.get(s.customer_id) ?? null,
      diskFull: diskFull.get(s.customer_id) ?? null,
      dr: dr.get(s.customer_id) ?? null,
      ack: oncall.acks.get(s.customer_id) ?? null,
      uptime30d: oncall.uptime30d.get(s.customer_id) ?? null,
    }))
  const now = env.clock.now().getTime()
  const props = { ...layoutProps(req), now, rows, latestVersion: latest?.version ?? null, oncall }
  return page(req, h(FleetPage, props))
}
