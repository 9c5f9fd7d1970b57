// On call on the dashboard: maintenance windows (set, see, end), acknowledgements and uptime. Plain
// forms and text; the fleet page and the detail page each insert one of these.
import type { CustomerOnCall, FleetOnCall } from '../../lib/oncall/view.js'
import type { Acknowledgement } from '../../lib/store/acknowledgements.js'
import type { MaintenanceWindow } from '../../lib/store/maintenance-windows.js'
import { budapestTime } from '../../lib/notify/format.js'
import { Tag } from './badge.js'
import { age } from './format.js'
import { CsrfField, PostButton } from './forms.js'

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`)
const when = (ms: number) => budapestTime(ms)

/** "acknowledged by link, 12 min ago" */
export function ackText(a: Acknowledgement, now: number): string {
  return `acknowledged by ${a.via}, ${age(a.ackedAt, now)}`
}

/** The badge and "until" a fleet row or the detail page shows while a window covers the customer. */
export function MaintenanceBadge({ until }: { until: string | null }) {
  if (!until) return null
  return (
    <span class="oncall-maintenance">
      <Tag kind="info">MAINTENANCE</Tag> <span class="sub">until {when(Date.parse(until))}</span>
    </span>
  )
}

/** What the fleet's status cell adds: the maintenance badge and who acknowledged the state. */
export function OnCallMarks(p: {
  maintenanceUntil: string | null
  ack: Acknowledgement | null
  now: number
}) {
  return (
    <>
      <MaintenanceBadge until={p.maintenanceUntil} />
      {p.ack ? <div class="sub">{ackText(p.ack, p.now)}</div> : null}
    </>
  )
}

export function UptimeCell({ value }: { value: number | null | undefined }) {
  return (
    <td class="num" data-label="Uptime 30 d">
      <span class="nowrap">{pct(value ?? null)}</span>
    </td>
  )
}

/** Set a window: 1 h, 4 h, until the next 08:00 in Budapest, or a typed end (Budapest time). */
function StartWindowForm(p: {
  action: string
  csrf: string
  morning: number
  idPrefix: string
  label: string
}) {
  const reason = `${p.idPrefix}-reason`
  const end = `${p.idPrefix}-ends-at`
  return (
    <form method="post" action={p.action} class="stack">
      <CsrfField token={p.csrf} />
      <fieldset>
        <legend>{p.label}</legend>
        <label>
          <input type="radio" name="preset" value="1h" checked /> 1 hour
        </label>{' '}
        <label>
          <input type="radio" name="preset" value="4h" /> 4 hours
        </label>{' '}
        <label>
          <input type="radio" name="preset" value="morning" /> until 08:00 ({when(p.morning)})
        </label>{' '}
        <label>
          <input type="radio" name="preset" value="custom" /> until
        </label>{' '}
        <label for={end} class="sub">
          end (Budapest time)
        </label>
        <input id={end} name="ends_at" type="datetime-local" />
      </fieldset>
      <label for={reason}>Reason (optional)</label>
      <input id={reason} name="reason" type="text" maxLength={500} />
      <button type="submit" class="btn btn-primary">
        Start maintenance
      </button>
    </form>
  )
}

function WindowList(p: {
  windows: MaintenanceWindow[]
  now: number
  csrf: string
  endAction: (w: MaintenanceWindow) => string
  hidden: (w: MaintenanceWindow) => Record<string, string>
}) {
  return (
    <ul class="oncall-windows">
      {p.windows.map((w) => (
        <li data-window={w.id}>
          {w.startsAt > p.now ? 'Planned' : 'In maintenance'} {w.customerId === null ? '(whole fleet) ' : ''}
          from {when(w.startsAt)} until {when(w.effectiveEnd)}
          {w.reason ? ` — ${w.reason}` : ''} <span class="sub">set by {w.createdBy}</span>{' '}
          <PostButton
            action={p.endAction(w)}
            csrf={p.csrf}
            label={w.startsAt > p.now ? 'Cancel' : 'End now'}
            hidden={p.hidden(w)}
          />
        </li>
      ))}
    </ul>
  )
}

/** The detail page's card: maintenance, acknowledgement, uptime over 24 h, 30 d and 90 d. */
export function OnCallCard(p: { customerId: string; csrf: string; now: number; oncall: CustomerOnCall }) {
  const o = p.oncall
  const base = `/customers/${p.customerId}`
  const own = o.windows.filter((w) => w.customerId !== null)
  const fleet = o.windows.filter((w) => w.customerId === null)
  return (
    <section class="card section-gap oncall" aria-labelledby="oncall-heading">
      <h2 id="oncall-heading">On call</h2>
      <h3>Uptime</h3>
      <dl class="kv">
        <dt>24 h</dt>
        <dd data-uptime="24h">{pct(o.uptime['24h'])}</dd>
        <dt>30 d</dt>
        <dd data-uptime="30d">{pct(o.uptime['30d'])}</dd>
        <dt>90 d</dt>
        <dd data-uptime="90d">{pct(o.uptime['90d'])}</dd>
      </dl>
      <h3>Acknowledgement</h3>
      {!o.ackable ? (
        <p class="muted">Nothing to acknowledge: the node is not stale, down or failing.</p>
      ) : o.ack ? (
        <p>
          <Tag kind="info">{o.ackable.state.toUpperCase()}</Tag> since {when(o.ackable.since)},{' '}
          {ackText(o.ack, p.now)}. No more notifications until the state changes.
        </p>
      ) : (
        <div>
          <p>
            <Tag kind="error">{o.ackable.state.toUpperCase()}</Tag> since {when(o.ackable.since)}, not
            acknowledged.
          </p>
          <PostButton
            action={`${base}/acknowledge`}
            csrf={p.csrf}
            label={`Acknowledge ${o.ackable.state}`}
            kind="primary"
            hidden={{ state: o.ackable.state, since: String(o.ackable.since) }}
          />
        </div>
      )}
      <h3>Maintenance</h3>
      {o.windows.length === 0 ? <p class="muted">No maintenance window.</p> : null}
      {own.length > 0 ? (
        <WindowList
          windows={own}
          now={p.now}
          csrf={p.csrf}
          endAction={() => `${base}/maintenance/end`}
          hidden={(w) => ({ window_id: String(w.id) })}
        />
      ) : null}
      {fleet.length > 0 ? (
        <WindowList
          windows={fleet}
          now={p.now}
          csrf={p.csrf}
          endAction={(w) => `/maintenance/${w.id}/end`}
          hidden={() => ({})}
        />
      ) : null}
      <StartWindowForm
        action={`${base}/maintenance`}
        csrf={p.csrf}
        morning={o.morning}
        idPrefix="maintenance"
        label="Hold this customer's notifications"
      />
    </section>
  )
}

/** The fleet page's section: fleet-wide windows (a hub upgrade, a regional ISP outage). */
export function FleetMaintenance(p: {
  csrf: string
  now: number
  oncall: Pick<FleetOnCall, 'fleetWindows' | 'morning'>
}) {
  return (
    <section class="card section-gap oncall" aria-labelledby="fleet-maintenance-heading">
      <h2 id="fleet-maintenance-heading">Fleet-wide maintenance</h2>
      {p.oncall.fleetWindows.length === 0 ? (
        <p class="muted">
          No fleet-wide window. One covers every customer: a hub upgrade, a regional ISP outage.
        </p>
      ) : (
        <WindowList
          windows={p.oncall.fleetWindows}
          now={p.now}
          csrf={p.csrf}
          endAction={(w) => `/maintenance/${w.id}/end`}
          hidden={() => ({})}
        />
      )}
      <details>
        <summary>Start a fleet-wide window</summary>
        <StartWindowForm
          action="/maintenance"
          csrf={p.csrf}
          morning={p.oncall.morning}
          idPrefix="fleet-maintenance"
          label="Hold every customer's notifications"
        />
      </details>
    </section>
  )
}
