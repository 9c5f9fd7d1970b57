// The /audit page's query: customer, action, outcome, a range of Budapest dates, and the keyset
// of the next page. Parsed strictly: a value that is not one of these is a clear error, not an
// empty page.
import { CUSTOMER_ID } from '../core/validate.js'
import { budapestDate, budapestMidnight } from '../jobs/schedule.js'
import type { AuditFilter } from '../store/audit-log.js'
import { isAuditAction } from './actions.js'

const OUTCOMES = ['ok', 'refused', 'error']
const DATE = /^[1-9]\d{3}-\d{2}-\d{2}$/
/** Dates a filter takes: years 1000 to 9998, so the day after the last one still has four digits. */
const searchable = (date: string) => DATE.test(date) && !date.startsWith('9999')

/** What the form shows again: the query as given. */
export interface AuditQuery {
  customer: string
  action: string
  outcome: string
  from: string
  to: string
}

export type ParsedAuditQuery =
  { ok: true; query: AuditQuery; filter: AuditFilter } | { ok: false; query: AuditQuery; errors: string[] }

/** Budapest midnight at the start of `date` (YYYY-MM-DD), or null for a date that does not exist. */
function dayStart(date: string): number | null {
  if (!DATE.test(date)) return null
  // Noon UTC falls on the same Budapest date (UTC+1 or +2), whatever the season.
  const noon = new Date(`${date}T12:00:00Z`)
  if (Number.isNaN(noon.getTime()) || budapestDate(noon) !== date) return null
  return budapestMidnight(noon).getTime()
}

const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

export function parseAuditQuery(params: URLSearchParams): ParsedAuditQuery {
  const get = (k: string) => (params.get(k) ?? '').trim()
  const query: AuditQuery = {
    customer: get('customer'),
    action: get('action'),
    outcome: get('outcome'),
    from: get('from'),
    to: get('to'),
  }
  const errors: string[] = []
  const filter: AuditFilter = {}
  if (query.customer !== '') {
    if (CUSTOMER_ID.test(query.customer)) filter.customerId = query.customer
    else errors.push(`${query.customer.slice(0, 64)} is not a customer id`)
  }
  if (query.action !== '') {
    if (isAuditAction(query.action)) filter.action = query.action
    else errors.push(`${query.action.slice(0, 64)} is not an audited action`)
  }
  if (query.outcome !== '') {
    if (OUTCOMES.includes(query.outcome)) filter.outcome = query.outcome
    else errors.push('outcome must be ok, refused or error')
  }
  if (query.from !== '') {
    const from = searchable(query.from) ? dayStart(query.from) : null
    if (from === null) errors.push('the from date must be a calendar date from 1000 to 9998, as YYYY-MM-DD')
    else filter.from = from
  }
  if (query.to !== '') {
    const to = !searchable(query.to) || dayStart(query.to) === null ? null : dayStart(nextDay(query.to))
    if (to === null) errors.push('the to date must be a calendar date from 1000 to 9998, as YYYY-MM-DD')
    else filter.to = to
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) {
    errors.push('the from date must not be after the to date')
  }
  const before = get('before')
  if (before !== '') {
    if (/^[1-9]\d{0,15}$/.test(before)) filter.beforeId = Number(before)
    else errors.push('before must be an entry id')
  }
  return errors.length ? { ok: false, query, errors } : { ok: true, query, filter }
}
