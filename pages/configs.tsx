// Every customer the hub knows, managed and manual; blocked ones greyed out. A managed customer
// that has not reported yet shows MANAGED and no status, as on the Go hub (the API says `pending`).
import type { CustomerSummary } from '../lib/reports/summaries.js'
import { StatusBadge, Tag } from './components/badge.js'
import { ControllerCell, CustomerCell } from './components/customer-cells.js'
import { ListFilter, Pager, type ListNav } from './components/customer-list.js'
import { age } from './components/format.js'
import { Layout, type Flash } from './components/layout.js'
import { STATUSES } from '../lib/reports/status.js'

export interface ConfigsPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  now: number
  /** One page of rows, by id. */
  rows: (CustomerSummary & { updateAvailable: boolean })[]
  /** The whole fleet, whatever the filters and page. */
  total: number
  managed: number
  nav: ListNav
}

export function ConfigsPage(p: ConfigsPageProps) {
  const { total, managed } = p
  return (
    <Layout title="Customers" section="configs" csrf={p.csrf} open={p.open} flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>Customers</h1>
          <p class="muted">
            {total} in total · {managed} managed · {total - managed} manual
          </p>
        </div>
        <a href="/configs/new" class="btn btn-primary">
          New customer
        </a>
      </div>
      <ListFilter nav={p.nav} statuses={STATUSES} />
      {p.rows.length === 0 ? (
        <section class="card empty">
          {total > 0 ? 'No customer matches these filters.' : 'No customers yet.'}
        </section>
      ) : (
        <table class="table table-stack">
          <thead>
            <tr>
              <th>Status</th>
              <th>Customer</th>
              <th>Config</th>
              <th>Controller</th>
              <th>Last report</th>
              <th>
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr class={r.status === 'blocked' ? 'row-blocked' : undefined} data-customer={r.customer_id}>
                <td data-label="Status">
                  {r.status === 'pending' ? (
                    // As the Go hub listed it: a managed customer without a report has no status yet.
                    <span class="muted no-status">no status</span>
                  ) : (
                    <StatusBadge status={r.status} />
                  )}
                </td>
                <CustomerCell customerId={r.customer_id} displayName={r.display_name} />
                <td data-label="Config">
                  <Tag kind={r.config_type}>{r.config_type.toUpperCase()}</Tag>
                </td>
                <ControllerCell version={r.controller_version} updateAvailable={r.updateAvailable} />
                <td data-label="Last report">
                  {age(r.last_report_at ? Date.parse(r.last_report_at) : null, p.now)}
                </td>
                <td class="num nowrap">
                  {r.config_type === 'managed' ? (
                    <a href={`/configs/${r.customer_id}/edit`}>Edit config</a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager nav={p.nav} />
    </Layout>
  )
}
