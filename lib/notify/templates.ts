// The emails the hub sends. Operator emails are English (operator-templates.ts); customer emails
// are Hungarian, built here from the texts in customer-texts.ts.
import type { CustomerEventType } from '../events/types.js'
import type { StoredEvent } from '../store/events.js'
import {
  CUSTOMER_HELP,
  CUSTOMER_SIGNATURE,
  CUSTOMER_TEXTS,
  DETAILS_LABEL,
  TIME_LABEL,
  type CustomerText,
} from './customer-texts.js'
import { escapeHtml, eventTime, htmlFrame, oneLine, type RenderedEmail } from './format.js'
import { huDateTime } from './hungarian.js'

export {
  fleetOutageEmail,
  legacyOperatorEmail,
  operatorEventEmail,
  type CustomerRef,
  type StaleNode,
} from './operator-templates.js'
export type { RenderedEmail } from './format.js'

/** A text for every type; an unknown one (a newer controller) still gets an honest generic email. */
function textFor(eventType: string): CustomerText {
  return (
    CUSTOMER_TEXTS[eventType as CustomerEventType] ?? {
      subject: 'Értesítés a gépéről',
      what: 'A gépén történt valami, amiről értesítést kért.',
      todo: 'Ha bizonytalan, mit jelent, kérjük, szóljon nekünk.',
    }
  )
}

const multiline = (s: string) => escapeHtml(s).replace(/\n/g, '<br>')

export function customerEventEmail(event: StoredEvent, displayName: string): RenderedEmail {
  const t = textFor(event.eventType)
  const at = huDateTime(eventTime(event.occurredAt, event.receivedAt))
  const greeting = displayName.trim() ? `Kedves ${displayName.trim()}!` : 'Kedves Ügyfelünk!'
  const subject = oneLine(`Felhom: ${t.subject}`)
  const note = event.message.trim()
  const detail = t.detail?.(event.details ?? {}) ?? null

  const text = [
    greeting,
    '',
    t.what,
    ...(detail ? ['', detail] : []),
    '',
    t.todo,
    '',
    `${TIME_LABEL} ${at}`,
    '',
    CUSTOMER_HELP,
    '',
    CUSTOMER_SIGNATURE,
    ...(note ? ['', '--', DETAILS_LABEL, note] : []),
  ].join('\n')

  const inner = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(t.what)}</p>`,
    detail ? `<p>${escapeHtml(detail)}</p>` : '',
    `<p><strong>${escapeHtml(t.todo)}</strong></p>`,
    `<p>${escapeHtml(TIME_LABEL)} ${escapeHtml(at)}</p>`,
    `<p>${escapeHtml(CUSTOMER_HELP)}</p>`,
    `<p>${multiline(CUSTOMER_SIGNATURE)}</p>`,
    note
      ? `<hr><p style="color:#777;font-size:12px">${escapeHtml(DETAILS_LABEL)}<br>${multiline(note)}</p>`
      : '',
  ].join('\n')

  return { subject, text, html: htmlFrame('hu', escapeHtml(subject), inner) }
}
