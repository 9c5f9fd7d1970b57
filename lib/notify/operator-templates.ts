// English emails for the operator: short, scannable, with a link to the customer's page.
import type { StoredEvent } from '../store/events.js'
import {
  budapestTime,
  escapeHtml,
  eventTime,
  htmlFrame,
  oneLine,
  utcTime,
  type RenderedEmail,
} from './format.js'

export interface CustomerRef {
  customerId: string
  displayName: string
}

/** Who an operator message is about: a customer, or (null) the fleet as a whole. */
export type Subject = CustomerRef | null

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '')
const customerUrl = (publicUrl: string, id: string) =>
  `${base(publicUrl)}/customers/${encodeURIComponent(id)}`
const label = (c: CustomerRef) => (c.displayName ? `${c.displayName} (${c.customerId})` : c.customerId)
/** The page an operator message links to: the customer's, or the fleet for a fleet-wide event. */
const subjectUrl = (publicUrl: string, s: Subject) =>
  s ? customerUrl(publicUrl, s.customerId) : `${base(publicUrl)}/`

interface Fact {
  name: string
  value: string
}

function render(
  subject: string,
  lead: string,
  facts: Fact[],
  link: string | null,
  extra: { html: string; text: string } = { html: '', text: '' },
): RenderedEmail {
  const text = [
    lead,
    '',
    ...facts.map((f) => `${f.name}: ${f.value}`),
    ...(extra.text ? ['', extra.text] : []),
    ...(link ? ['', `Open: ${link}`] : []),
    '',
    '-- felhom-hub',
  ].join('\n')
  const rows = facts.map(
    (f) =>
      `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(f.name)}</th><td>${escapeHtml(f.value)}</td></tr>`,
  )
  const inner = [
    `<p style="white-space:pre-wrap">${escapeHtml(lead)}</p>`,
    `<table style="border-collapse:collapse">${rows.join('')}</table>`,
    extra.html,
    link ? `<p><a href="${escapeHtml(link)}">Open in felhom-hub</a></p>` : '',
  ].join('\n')
  return { subject, text, html: htmlFrame('en', escapeHtml(subject), inner) }
}

export function operatorEventEmail(event: StoredEvent, customer: Subject, publicUrl: string): RenderedEmail {
  const at = eventTime(event.occurredAt, event.receivedAt)
  const about = customer ? customer.customerId : 'fleet'
  const subject = oneLine(`[felhom] ${event.severity.toUpperCase()} ${about}: ${event.eventType}`)
  const facts: Fact[] = [
    { name: customer ? 'Customer' : 'Scope', value: customer ? label(customer) : 'the whole fleet' },
    { name: 'Event', value: `${event.eventType} (${event.severity}, from ${event.source})` },
    { name: 'Time', value: `${utcTime(at)} / ${budapestTime(at)}` },
  ]
  const details =
    event.details && Object.keys(event.details).length > 0 ? JSON.stringify(event.details, null, 2) : ''
  const extra = details
    ? {
        text: `Details:\n${details}`,
        html: `<p>Details:</p><pre style="background:#f4f4f4;padding:8px">${escapeHtml(details)}</pre>`,
      }
    : undefined
  return render(subject, event.message || '(no message)', facts, subjectUrl(publicUrl, customer), extra)
}

/** notification_log.event_type of /api/v1/notify rows. */
export const LEGACY_EVENT_TYPE = 'legacy_notify'

export interface LegacyInput {
  customer: CustomerRef
  subject: string
  message: string
  severity: string
  at: number
}

/** A ready-made message from an older controller's /api/v1/notify, framed like the others. */
export function legacyOperatorEmail(n: LegacyInput, publicUrl: string): RenderedEmail {
  const subject = oneLine(`[felhom] ${n.severity.toUpperCase()} ${n.customer.customerId}: ${n.subject}`)
  const facts: Fact[] = [
    { name: 'Customer', value: label(n.customer) },
    { name: 'Via', value: 'legacy /api/v1/notify' },
    { name: 'Time', value: `${utcTime(n.at)} / ${budapestTime(n.at)}` },
  ]
  return render(subject, n.message || n.subject, facts, customerUrl(publicUrl, n.customer.customerId))
}

export interface StaleNode extends CustomerRef {
  lastReportAt: number
}

/** One email for many nodes going stale together: the likely cause is shared (network, hub, DNS). */
export function fleetOutageEmail(
  eventType: string,
  nodes: StaleNode[],
  monitored: number,
  at: number,
  publicUrl: string,
): RenderedEmail {
  const what = eventType === 'node_down' ? 'down' : 'stale'
  const subject = `[felhom] ERROR fleet outage: ${nodes.length} of ${monitored} nodes ${what}`
  const lead =
    `${nodes.length} of ${monitored} monitored nodes went ${what} within a few minutes. ` +
    'This looks like a shared cause (the hub, its network or DNS, or an upstream outage) rather than ' +
    'individual nodes; per-node operator emails for this wave are suppressed.'
  const list = nodes.map((n) => `- ${label(n)}, last report ${utcTime(n.lastReportAt)}`).join('\n')
  const listHtml = nodes
    .map((n) => {
      const link = `<a href="${escapeHtml(customerUrl(publicUrl, n.customerId))}">${escapeHtml(label(n))}</a>`
      return `<li>${link}, last report ${escapeHtml(utcTime(n.lastReportAt))}</li>`
    })
    .join('')
  const facts: Fact[] = [{ name: 'Time', value: `${utcTime(at)} / ${budapestTime(at)}` }]
  const extra = { text: `Nodes:\n${list}`, html: `<p>Nodes:</p><ul>${listHtml}</ul>` }
  return render(subject, lead, facts, `${base(publicUrl)}/`, extra)
}
