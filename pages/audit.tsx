// /audit: what was done on this hub, by whom (address, session), to which customer, and how it
// ended; filtered on the server, newest first, 50 a page.
import { AUDIT_ACTIONS } from '../lib/audit/actions.js'
import type { AuditQuery } from '../lib/audit/filter.js'
import type { StoredAuditEntry } from '../lib/store/audit-log.js'
import { utc } from './components/format.js'
import { Layout, type Flash } from './components/layout.js'

export interface AuditPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  query: AuditQuery
  errors: string[]
  entries: StoredAuditEntry[]
  /** The link to the next (older) page, or null on the last one. */
  olderHref: string | null
  retentionDays: number
}

const OUTCOME_TAG: Record<string, string> = { ok: 'tag-ok', refused: 'tag-warning', error: 'tag-error' }

export function AuditPage(p: AuditPageProps) {
  const q = p.query
  return (
    <Layout title="Audit log" section="audit" csrf={p.csrf} open={p.open} flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>Audit log</h1>
          <p class="muted">
            Every operator action and sign-in, kept {p.retentionDays} days (<code>retention.max_days</code>).
            Dates are Budapest dates; times are UTC.
          </p>
        </div>
      </div>
      <form method="get" action="/audit" class="card audit-filters" role="search">
        <div class="field">
          <label for="f-customer">Customer</label>
          <input id="f-customer" name="customer" value={q.customer} placeholder="any" />
        </div>
        <div class="field">
          <label for="f-action">Action</label>
          <select id="f-action" name="action">
            <option value="">any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option value={a} selected={q.action === a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-outcome">Outcome</label>
          <select id="f-outcome" name="outcome">
            <option value="">any</option>
            {['ok', 'refused', 'error'].map((o) => (
              <option value={o} selected={q.outcome === o}>
                {o}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-from">From</label>
          <input id="f-from" name="from" type="date" value={q.from} />
        </div>
        <div class="field">
          <label for="f-to">To</label>
          <input id="f-to" name="to" type="date" value={q.to} />
        </div>
        <div class="button-row">
          <button type="submit" class="btn btn-primary">
            Filter
          </button>
          <a href="/audit" class="btn">
            Clear
          </a>
        </div>
      </form>
      {p.errors.length > 0 ? (
        <div class="flash flash-error" role="alert">
          {p.errors.join('; ')}.
        </div>
      ) : p.entries.length === 0 ? (
        <section class="card empty">No entries match.</section>
      ) : (
        <table class="table table-stack audit">
          <thead>
            <tr>
              <th>Time</th>
              <th>Action</th>
              <th>Outcome</th>
              <th>Customer</th>
              <th>Address</th>
              <th>Session</th>
              <th>What happened</th>
            </tr>
          </thead>
          <tbody>
            {p.entries.map((e) => (
              <tr data-audit-id={String(e.id)}>
                <td class="nowrap" data-label="Time">
                  {utc(e.at)}
                </td>
                <td class="mono" data-label="Action">
                  {e.action}
                </td>
                <td data-label="Outcome">
                  <span class={`tag ${OUTCOME_TAG[e.outcome] ?? ''}`}>{e.outcome}</span>
                </td>
                <td data-label="Customer">
                  {e.customerId ? <a href={`/customers/${e.customerId}`}>{e.customerId}</a> : '—'}
                </td>
                <td class="mono" data-label="Address">
                  {e.ip ?? '—'}
                </td>
                <td class="mono" data-label="Session">
                  {e.sessionId ?? '—'}
                </td>
                <td class="cell-wide" data-label="What happened">
                  {[e.detail, e.error].filter(Boolean).join(' · ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.olderHref ? (
        <p>
          <a href={p.olderHref} class="btn" rel="next">
            Older entries
          </a>
        </p>
      ) : null}
    </Layout>
  )
}
