// GET /audit: the audit log, filtered by customer, action, outcome and Budapest dates (all in the
// query string, applied in SQL), newest first, one page of PAGE_SIZE at a time.
import { h } from 'preact'
import { parseAuditQuery } from '../../lib/audit/filter.js'
import { findAuditEntries } from '../../lib/store/audit-log.js'
import { AuditPage } from '../../pages/audit.js'
import { layoutProps, page, type DashHandler } from './context.js'

export const PAGE_SIZE = 50

export const getAuditPage: DashHandler = async (req, env) => {
  const parsed = parseAuditQuery(new URL(req.url).searchParams)
  const common = { ...layoutProps(req), query: parsed.query, retentionDays: env.config.retention.max_days }
  if (!parsed.ok) {
    return page(req, h(AuditPage, { ...common, errors: parsed.errors, entries: [], olderHref: null }), 400)
  }
  const rows = await findAuditEntries(env.db, parsed.filter, PAGE_SIZE + 1)
  const entries = rows.slice(0, PAGE_SIZE)
  let olderHref: string | null = null
  if (rows.length > PAGE_SIZE) {
    const next = new URLSearchParams(Object.entries(parsed.query).filter(([, v]) => v !== ''))
    next.set('before', String(entries[entries.length - 1].id))
    olderHref = `/audit?${next}`
  }
  return page(req, h(AuditPage, { ...common, errors: [], entries, olderHref }))
}
