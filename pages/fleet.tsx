// The fleet at a glance: every customer that is not blocked, problems first.
import type { CustomerSummary } from '../lib/reports/summaries.js'
import type { Status } from '../lib/reports/status.js'
import { StatusBadge, STATUS_LABEL } from './components/badge.js'
import { ControllerCell, CustomerCell } from './components/customer-cells.js'
import { ListFilter, Pager, type ListNav } from './components/customer-list.js'
import { age } from './components/format.js'
import { Layout, type Flash } from './components/layout.js'
import { listHref } from '../lib/customers/list.js'

export interface FleetRow extends CustomerSummary {
  updateAvailable: boolean
}

export interface FleetPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  now: number
  /** One page of rows, problems first (the order comes from the query). */
  rows: FleetRow[]
  latestVersion: string | null
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
    <Layout title="Fleet" section="fleet" csrf={p.csrf} open={p.open} flash={p.flash} refreshSeconds={60}>
      <div class="page-head">
        <h1>Fleet</h1>
        <p class="muted">
          {nodes} {nodes === 1 ? 'node' : 'nodes'} · newest controller {p.latestVersion ?? 'unknown'} ·
          refreshes every minute
        </p>
      </div>
      <div class="summary" aria-label="customers per status">
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
        <table class="table fleet">
          <thead>
            <tr>
              <th>Status</th>
              <th>Customer</th>
              <th>Last report</th>
              <th>Controller</th>
              <th>Health</th>
              <th class="num">Errors 24 h</th>
              <th class="num">Warnings 24 h</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr class={`row-${r.status}`} data-customer={r.customer_id}>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <CustomerCell
                  customerId={r.customer_id}
                  displayName={r.display_name}
                  configType={r.config_type}
                />
                <td>{age(r.last_report_at ? Date.parse(r.last_report_at) : null, p.now)}</td>
                <ControllerCell version={r.controller_version} updateAvailable={r.updateAvailable} />
                <td>{r.health ? <span class={`health health-${r.health}`}>{r.health}</span> : '—'}</td>
                <CountCell n={r.events_24h.error} kind="error" />
                <CountCell n={r.events_24h.warning} kind="warning" />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager nav={p.nav} />
    </Layout>
  )
}

function CountCell({ n, kind }: { n: number; kind: 'error' | 'warning' }) {
  return <td class={`num ${n > 0 ? `count-${kind}` : 'zero'}`}>{n}</td>
}
