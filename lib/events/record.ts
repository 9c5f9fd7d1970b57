// Storing events: from controllers (validated input) and from the hub's own jobs.
import type { InStatement } from '@libsql/client'
import type { Env } from '../core/env.js'
import type { Severity } from './types.js'
import type { EventInput } from '../api/schemas.js'
import { errorFields } from '../core/log.js'
import { dispatchEvent } from '../notify/dispatch.js'
import { insertEvent, type NewEvent, type StoredEvent } from '../store/events.js'

const KNOWN_EVENT_FIELDS = new Set([
  'customer_id',
  'event_type',
  'severity',
  'message',
  'details',
  'occurred_at',
  'source',
])

/** Stores a controller's event; `along` commits with it (an Idempotency-Key's answer). */
export async function recordControllerEvent(
  env: Env,
  input: EventInput,
  body: Record<string, unknown>,
  along: InStatement[] = [],
): Promise<StoredEvent> {
  const extra = Object.fromEntries(Object.entries(body).filter(([k]) => !KNOWN_EVENT_FIELDS.has(k)))
  const event = await insertEvent(
    env.db,
    {
      customerId: input.customer_id,
      eventType: input.event_type,
      severity: input.severity as Severity,
      message: input.message,
      details: (input.details as Record<string, unknown> | null | undefined) ?? null,
      extra,
      source: 'controller',
      occurredAt: input.occurred_at ?? null,
    },
    env.clock.now().getTime(),
    along,
  )
  // No dedupe key on controller events, so the insert always lands.
  afterStore(env, event!)
  return event!
}

/** Records a hub event at most once per dedupe key; returns null when it already existed. */
export async function recordHubEvent(
  env: Env,
  e: Omit<NewEvent, 'source'> & { dedupeKey: string },
): Promise<StoredEvent | null> {
  const event = await insertEvent(env.db, { ...e, source: 'hub' }, env.clock.now().getTime())
  if (event) afterStore(env, event)
  return event
}

function afterStore(env: Env, event: StoredEvent) {
  env.metrics.inc('events_total', { type: event.eventType, severity: event.severity })
  // Notifications never hold up the request: a slow or failing Resend must not slow ingest.
  env.defer(
    dispatchEvent(env, event).catch((err) =>
      env.log.error('notification dispatch crashed', { event_id: event.id, ...errorFields(err) }),
    ),
  )
}
