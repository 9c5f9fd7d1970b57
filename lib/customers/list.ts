// The fleet and customers pages, a page at a time: the query from the URL (search, status, page),
// one page of customer summaries, the pager, and the status counts of the whole fleet. A page's
// per-row data is loaded for the page's customers only: a column that needs more than the summary
// (maintenance, uptime, drift, ...) brings a RowLoader and calls it with `page.ids`.
import { durationMs } from '../core/config.js'
import type { Env } from '../core/env.js'
import { STATUSES, type Status } from '../reports/status.js'
import { summariesOf, type CustomerSummary } from '../reports/summaries.js'
import { countCustomers, fleetCounts, listCustomerPage, type FleetCounts } from '../store/customer-list.js'

export const PER_PAGE = 100
/** Longest search text taken from the URL. */
const MAX_SEARCH = 100

/** What a list page shows: GET parameters `q`, `status` and `page`. */
export interface ListQuery {
  search: string
  status: Status | null
  page: number
}

/** Per-row data of a page, keyed by customer id: what a column beyond the summary plugs in. */
export type RowLoader<T> = (env: Env, customerIds: string[]) => Promise<Map<string, T>>

/**
 * The query of a list page's URL. Anything unusable (an unknown status, a page that is no number)
 * falls back to its default, so an edited or stale link still shows a page.
 */
export function listQueryFrom(params: URLSearchParams, statuses: readonly Status[] = STATUSES): ListQuery {
  const status = params.get('status') ?? ''
  const page = Number(params.get('page') ?? '1')
  return {
    search: (params.get('q') ?? '').trim().slice(0, MAX_SEARCH),
    status: (statuses as readonly string[]).includes(status) ? (status as Status) : null,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  }
}

/** The URL of `path` with the query's filters (and page), defaults left out. */
export function listHref(path: string, q: ListQuery, change: Partial<ListQuery> = {}): string {
  const next = { ...q, ...change }
  const params = new URLSearchParams()
  if (next.search) params.set('q', next.search)
  if (next.status) params.set('status', next.status)
  if (next.page > 1) params.set('page', String(next.page))
  const s = params.toString()
  return s ? `${path}?${s}` : path
}

export interface ListPage {
  query: ListQuery
  rows: CustomerSummary[]
  /** The page's customer ids, in order: what a RowLoader is called with. */
  ids: string[]
  /** Customers the filters match, over all pages. */
  matching: number
  pages: number
  /** The whole fleet, whatever the filters. */
  counts: FleetCounts
}

export async function customerListPage(
  env: Env,
  query: ListQuery,
  opts: { order: 'problems-first' | 'id'; withoutBlocked?: boolean; perPage?: number },
): Promise<ListPage> {
  const now = env.clock.now().getTime()
  const staleMs = durationMs(env.config.alerting.stale_threshold)
  const perPage = opts.perPage ?? PER_PAGE
  const filter = { search: query.search, status: query.status, withoutBlocked: opts.withoutBlocked }
  const counts = await fleetCounts(env.db, now, staleMs)
  // Unfiltered, the counts already say how many match: no second pass over the fleet.
  const matching =
    query.search === '' && query.status === null
      ? counts.total - (opts.withoutBlocked ? counts.byStatus.blocked : 0)
      : await countCustomers(env.db, filter, now, staleMs)
  const pages = Math.max(1, Math.ceil(matching / perPage))
  const page = Math.min(query.page, pages)
  const customers = await listCustomerPage(
    env.db,
    { ...filter, order: opts.order, limit: perPage, offset: (page - 1) * perPage },
    now,
    staleMs,
  )
  const rows = await summariesOf(env, customers)
  return { query: { ...query, page }, rows, ids: rows.map((r) => r.customer_id), matching, pages, counts }
}

/** Every customer in id order, `limit` at a time after `afterId`: the list API's pages. */
export async function summariesAfter(
  env: Env,
  afterId: string | undefined,
  limit: number,
): Promise<CustomerSummary[]> {
  const now = env.clock.now().getTime()
  const staleMs = durationMs(env.config.alerting.stale_threshold)
  const customers = await listCustomerPage(env.db, { order: 'id', limit, afterId }, now, staleMs)
  return summariesOf(env, customers)
}
