// The push messages the hub sends: an event, a fleet-wide outage, a channel test. The notification
// log keeps title and text (subject and body), so the outbox rebuilds the same message from a row.
import { iso } from '../../core/clock.js'
import type { Severity } from '../../events/types.js'
import type { StoredEvent } from '../../store/events.js'
import type { LogEntry } from '../../store/notification-log.js'
import { budapestTime, eventTime, oneLine, utcTime } from '../format.js'
import type { CustomerRef } from '../operator-templates.js'
import type { PushMessage } from './message.js'

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '')
export const pageUrl = (publicUrl: string, customerId: string | null) =>
  customerId ? `${base(publicUrl)}/customers/${encodeURIComponent(customerId)}` : `${base(publicUrl)}/`

export const TEST_EVENT_TYPE = 'channel_test'

export interface PushContent {
  title: string
  text: string
}

export function eventPushContent(event: StoredEvent, customer: CustomerRef | null): PushContent {
  const who = customer ? customer.displayName || customer.customerId : 'Fleet'
  const at = eventTime(event.occurredAt, event.receivedAt)
  const text = [
    event.message || '(no message)',
    '',
    `${customer ? `Customer: ${customer.customerId}` : 'Scope: the whole fleet'}`,
    `Event: ${event.eventType} (${event.severity})`,
    `Time: ${utcTime(at)} / ${budapestTime(at)}`,
  ].join('\n')
  return { title: oneLine(`${who}: ${event.eventType}`, 120), text }
}

/** The message of a log row: what dispatch stored, with its links made afresh. */
export function pushMessageOf(
  row: Pick<
    LogEntry,
    'subject' | 'body' | 'severity' | 'customerId' | 'eventId' | 'eventType' | 'createdAt'
  > & {
    idempotencyKey: string
  },
  publicUrl: string,
  ackUrl?: string,
): PushMessage {
  const eventType = row.eventType ?? 'notification'
  const kind =
    eventType === TEST_EVENT_TYPE ? 'test' : eventType.startsWith('fleet_outage:') ? 'fleet_outage' : 'event'
  return {
    title: row.subject ?? '[felhom] notification',
    text: row.body ?? '',
    severity: (row.severity as Severity) ?? 'warning',
    url: pageUrl(publicUrl, row.customerId),
    ackUrl,
    deliveryKey: row.idempotencyKey,
    data: {
      kind,
      event_id: row.eventId,
      event_type: eventType,
      customer_id: row.customerId,
      occurred_at: iso(row.createdAt),
    },
  }
}
