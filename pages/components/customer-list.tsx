// Search, status filter and pager of the fleet and customers pages: plain GET forms and links that
// keep the filters, so they work without JavaScript.
import { listHref, type ListQuery } from '../../lib/customers/list.js'
import type { Status } from '../../lib/reports/status.js'
import { STATUS_LABEL } from './badge.js'

export interface ListNav {
  path: string
  query: ListQuery
  matching: number
  pages: number
  perPage: number
}

/** The search box (id, name, hostname) and the status filter, submitted as GET. */
export function ListFilter({ nav, statuses }: { nav: ListNav; statuses: readonly Status[] }) {
  const filtered = nav.query.search !== '' || nav.query.status !== null
  return (
    <form method="get" action={nav.path} class="list-filter" role="search">
      <input
        type="search"
        name="q"
        value={nav.query.search}
        placeholder="Customer id, name or hostname"
        aria-label="Search customers by id, name or hostname"
        maxLength={100}
      />
      <select name="status" aria-label="Status">
        <option value="">Any status</option>
        {statuses.map((s) => (
          <option value={s} selected={nav.query.status === s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </select>
      <button type="submit" class="btn">
        Filter
      </button>
      {filtered ? <a href={nav.path}>Clear</a> : null}
    </form>
  )
}

/** "41–60 of 312" with links to the first, previous, next and last page, the filters kept. */
export function Pager({ nav }: { nav: ListNav }) {
  const { query, pages, matching, perPage } = nav
  if (matching === 0) return null
  const from = (query.page - 1) * perPage + 1
  const to = Math.min(matching, query.page * perPage)
  const link = (page: number, label: string, rel?: string) =>
    page >= 1 && page <= pages && page !== query.page ? (
      <a href={listHref(nav.path, query, { page })} rel={rel}>
        {label}
      </a>
    ) : (
      <span class="muted">{label}</span>
    )
  return (
    <nav class="pager" aria-label="Pages">
      <span>
        {from}–{to} of {matching}
      </span>
      {pages > 1 ? (
        <span class="pager-links">
          {link(1, '« First')} {link(query.page - 1, '‹ Previous', 'prev')} page {query.page} of {pages}{' '}
          {link(query.page + 1, 'Next ›', 'next')} {link(pages, 'Last »')}
        </span>
      ) : null}
    </nav>
  )
}
