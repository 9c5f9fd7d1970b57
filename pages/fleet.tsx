// The fleet at a glance: every customer that is not blocked, problems first. Reloads itself every
// minute while left alone (RefreshControl); on a phone each customer is a block of tiles.
import type { CustomerSummary } from '../lib/reports/summaries.js'
import type { DiskForecast } from '../lib/store/disk-usage.js'
import type { DrState } from '../lib/store/dr.js'
import type { Status } from '../lib/reports/status.js'
import { StatusBadge, STATUS_LABEL } from './components/badge.js'
import { ControllerCell, CustomerCell } from './components/customer-cells.js'
import { DriftBadge } from './components/fleet-ops.js'
import { DiskFullCell, DrCell } from './components/household-cards.js'
import { age } from './components/format.js'
import { Layout, type Flash } from './components/layout.js'
import { RefreshControl } from './components/refresh.js'
import { FleetMaintenance, OnCallMarks, UptimeCell } from './components/oncall.js'
import type { Acknowledgement } from '../lib/store/acknowledgements.js'
import type { FleetOnCall } from '../lib/oncall/view.js'
import { ListFilter, Pager, type ListNav } from './components/customer-list.js'
import { listHref } from '../lib/customers/list.js'

export interface FleetRow extends CustomerSummary {
  updateAvailable: boolean
  /** Keys the live config differs in, when the last drift check found it drifting. */
  drift?: number | null
  /** The soonest disk-full forecast and the DR readiness (#13). */
  diskFull?: DiskForecast | null
  dr?: DrState | null
  /** Who acknowledged the customer's current state, and when. */
  ack?: Acknowledgement | null
  uptime30d?: number | null
}

export interface FleetPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  now: number
  /** One page of rows, problems first (the order comes from the query). */
  rows: FleetRow[]
  latestVersion: string | null
  oncall?: Pick<FleetOnCall, 'fleetWindows' | 'morning'>
  /** Customers per status over the whole fleet, whatever the filters and page. */
  counts: Record<Status, number>
  nav: ListNav
}

const ORDER: Status[] = ['down', 'warn', 'pending', 'disabled', 'ok']

/** Problems first, then by id (the list query orders the same way in SQL). */
export function sortProblemsFirst<T extends { status: Status; customer_id: string }>(rows: T[]): T[] {
  const rank = (s: Status) => ORDER.indexOf(s)
  const byId = (a: T, b: T) => a.customer_id.localeCompare(b.customer_id)
  return [...rows].sort((a, b) => rank(a.status) - rank(b.status) || byId(a, b))
}

export function FleetPage(p: FleetPageProps) {
  const counts = new Map<Status, number>(ORDER.map((s) => [s, p.counts[s] ?? 0]))
  const nodes = ORDER.reduce((n, s) => n + (counts.get(s) ?? 0), 0)
  return (
    <Layout title="Fleet" section="fleet" csrf={p.csrf} open={p.open} flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>Fleet</h1>
          <p class="muted">
            {nodes} {nodes === 1 ? 'node' : 'nodes'} · newest controller {p.latestVersion ?? 'unknown'}
          </p>
        </div>
        <RefreshControl seconds={60} href={listHref('/', p.nav.query)} />
      </div>
      <div class="summary" role="group" aria-label="customers per status">
        {ORDER.map((s) => (
          <a
            href={listHref('/', { ...p.nav.query, status: s, page: 1 })}
            class={`summary-tile tile-${s}${(counts.get(s) ?? 0) === 0 ? ' tile-zero' : ''}`}
          >
            <span class="summary-count">{counts.get(s) ?? 0}</span>
            <span class="summary-label">{STATUS_LABEL[s]}</span>
          </a>
        ))}
      </div>
      <ListFilter nav={p.nav} statuses={ORDER} />
      {p.rows.length === 0 && nodes > 0 ? (
        <section class="card empty">
          <p>No node matches these filters.</p>
        </section>
      ) : p.rows.length === 0 ? (
        <section class="card empty">
          <p>
            No customers yet. Create one under <a href="/configs/new">New customer</a>, or point a controller
            at this hub.
          </p>
        </section>
      ) : (
        <table class="table table-stack fleet">
          <thead>
            <tr>
              <th>Status</th>
              <th>Customer</th>
              <th>Last report</th>
              <th>Controller</th>
              <th>Health</th>
              <th class="num">Errors 24 h</th>
              <th class="num">Warnings 24 h</th>
              <th>Disk full</th>
              <th>DR</th>
              <th class="num">Uptime 30 d</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr class={`row-${r.status}`} data-customer={r.customer_id}>
                <td data-label="Status">
                  <StatusBadge status={r.status} />
                  <OnCallMarks maintenanceUntil={r.maintenance_until} ack={r.ack ?? null} now={p.now} />
                </td>
                <CustomerCell
                  customerId={r.customer_id}
                  displayName={r.display_name}
                  configType={r.config_type}
                />
                <td data-label="Last report">
                  {age(r.last_report_at ? Date.parse(r.last_report_at) : null, p.now)}
                </td>
                <ControllerCell version={r.controller_version} updateAvailable={r.updateAvailable} />
                <td data-label="Health">
                  {r.health ? <span class={`health health-${r.health}`}>{r.health}</span> : '—'}
                  <DriftBadge customerId={r.customer_id} drift={r.drift} />
                </td>
                <CountCell n={r.events_24h.error} kind="error" label="Errors 24 h" />
                <CountCell n={r.events_24h.warning} kind="warning" label="Warnings 24 h" />
                <DiskFullCell forecast={r.diskFull ?? null} now={p.now} />
                <DrCell state={r.dr ?? null} />
                <UptimeCell value={r.uptime30d} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager nav={p.nav} />
      {p.oncall ? <FleetMaintenance csrf={p.csrf} now={p.now} oncall={p.oncall} /> : null}
    </Layout>
  )
}

function CountCell({ n, kind, label }: { n: number; kind: 'error' | 'warning'; label: string }) {
  return (
    <td class={`num ${n > 0 ? `count-${kind}` : 'zero'}`} data-label={label}>
      {n}
    </td>
  )
}
