// Customers a page at a time, for fleets of thousands: the fleet and customers pages and the
// customer list API read one page of rows (search, status filter, problems-first or by id), and the
// status counts of the whole fleet come from one aggregate query. The status rule (spec §3,
// lib/reports/status.ts customerStatus) is evaluated here in SQL so that filtering, ordering and
// counting happen in the database; test/lib/store/customer-list.test.ts holds the two equal.
import type { Client, InValue } from '@libsql/client'
import type { Status } from '../reports/status.js'
import type { Customer } from './customers.js'
import { bool, num, str, type Row } from './rows.js'

type ListStatus = Status

/** The status of a customer_configs row at `now`, as customerStatus decides it: SQL and its arguments. */
export function statusSql(now: number, staleMs: number): { sql: string; args: InValue[] } {
  return {
    sql: `CASE
      WHEN blocked = 1 THEN 'blocked'
      WHEN last_report_at IS NULL THEN 'pending'
      WHEN monitoring_enabled = 0 THEN 'disabled'
      WHEN ? - last_report_at > ? OR health = 'fail' THEN 'down'
      WHEN ? - last_report_at > ? OR health = 'warn' THEN 'warn'
      ELSE 'ok' END`,
    args: [now, 2 * staleMs, now, staleMs],
  }
}

/** What a list row shows and its status needs: a page of thousands reads nothing more. */
const LIST_COLUMNS = `customer_id, display_name, config_type, blocked, last_report_at, controller_version, hostname,
  health, monitoring_enabled`

export type ListedCustomer = Pick<
  Customer,
  | 'customerId'
  | 'displayName'
  | 'configType'
  | 'blocked'
  | 'lastReportAt'
  | 'controllerVersion'
  | 'hostname'
  | 'health'
  | 'monitoringEnabled'
> & { status: ListStatus }

function toListed(r: Row): ListedCustomer {
  return {
    customerId: String(r.customer_id),
    displayName: String(r.display_name ?? ''),
    configType: r.config_type as Customer['configType'],
    blocked: Number(r.blocked) === 1,
    lastReportAt: num(r.last_report_at),
    controllerVersion: str(r.controller_version),
    hostname: str(r.hostname),
    health: str(r.health),
    monitoringEnabled: bool(r.monitoring_enabled),
    status: String(r.status) as ListStatus,
  }
}

/** Problems first: the fleet page's order of statuses. */
const RANK = `CASE status WHEN 'down' THEN 0 WHEN 'warn' THEN 1 WHEN 'pending' THEN 2 WHEN 'disabled' THEN 3
  WHEN 'ok' THEN 4 ELSE 5 END`

export interface ListFilter {
  /** Part of the customer id, display name or hostname, any case. */
  search?: string
  status?: ListStatus | null
  /** The fleet page leaves blocked customers out. */
  withoutBlocked?: boolean
}

export interface ListPage extends ListFilter {
  order: 'problems-first' | 'id'
  limit: number
  offset?: number
  /** Keyset paging by id (order 'id'): customers after this id. */
  afterId?: string
}

/** `LIKE` pattern for a substring, with the wildcards of the search text taken literally. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** The filtered rows with their status, as a subquery named `c`. */
function filtered(f: ListFilter, now: number, staleMs: number): { sql: string; args: InValue[] } {
  const status = statusSql(now, staleMs)
  const where: string[] = []
  const args: InValue[] = [...status.args]
  if (f.withoutBlocked) where.push('blocked = 0')
  const search = f.search?.trim()
  if (search) {
    where.push(
      `(lower(customer_id) LIKE ? ESCAPE '\\' OR lower(display_name) LIKE ? ESCAPE '\\' OR lower(coalesce(hostname, '')) LIKE ? ESCAPE '\\')`,
    )
    const p = likePattern(search)
    args.push(p, p, p)
  }
  let sql = `SELECT ${LIST_COLUMNS}, ${status.sql} AS status FROM customer_configs${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`
  if (f.status) {
    sql = `SELECT * FROM (${sql}) WHERE status = ?`
    args.push(f.status)
  }
  return { sql, args }
}

export async function listCustomerPage(
  db: Client,
  q: ListPage,
  now: number,
  staleMs: number,
): Promise<ListedCustomer[]> {
  const base = filtered(q, now, staleMs)
  const args = [...base.args]
  let where = ''
  if (q.afterId !== undefined) {
    where = 'WHERE c.customer_id > ?'
    args.push(q.afterId)
  }
  const order = q.order === 'problems-first' ? `${RANK}, c.customer_id` : 'c.customer_id'
  args.push(q.limit, q.offset ?? 0)
  const rs = await db.execute({
    sql: `SELECT * FROM (${base.sql}) AS c ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
    args,
  })
  return rs.rows.map(toListed)
}

/** How many customers the filter matches (the pager's total). */
export async function countCustomers(
  db: Client,
  f: ListFilter,
  now: number,
  staleMs: number,
): Promise<number> {
  const base = filtered(f, now, staleMs)
  const rs = await db.execute({ sql: `SELECT count(*) AS n FROM (${base.sql})`, args: base.args })
  return Number(rs.rows[0]?.n ?? 0)
}

export interface FleetCounts {
  byStatus: Record<ListStatus, number>
  managed: number
  total: number
}

/** Customers per status and per kind over the whole fleet: one aggregate query. */
export async function fleetCounts(db: Client, now: number, staleMs: number): Promise<FleetCounts> {
  const status = statusSql(now, staleMs)
  const rs = await db.execute({
    sql: `SELECT ${status.sql} AS status, count(*) AS n, sum(config_type = 'managed') AS managed
          FROM customer_configs GROUP BY 1`,
    args: status.args,
  })
  const byStatus: Record<ListStatus, number> = {
    down: 0,
    warn: 0,
    pending: 0,
    disabled: 0,
    ok: 0,
    blocked: 0,
  }
  let managed = 0
  let total = 0
  for (const r of rs.rows) {
    byStatus[String(r.status) as ListStatus] = Number(r.n)
    managed += Number(r.managed ?? 0)
    total += Number(r.n)
  }
  return { byStatus, managed, total }
}
