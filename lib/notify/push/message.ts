// What a push channel carries: one short message, the same for ntfy, Telegram and a webhook,
// rendered by each into its own wire format.
import type { Severity } from '../../events/types.js'

export interface PushMessage {
  /** One line, e.g. "Kovács család: node_down". May hold any Unicode. */
  title: string
  /** Plain text, a few lines. */
  text: string
  severity: Severity
  /** The page it is about: the customer's, or the fleet. */
  url: string
  /** A signed link that acknowledges the state the message is about; absent when there is none. */
  ackUrl?: string
  /** Stable across retries of the same delivery: the webhook's id, for receivers to deduplicate. */
  deliveryKey: string
  /** What the webhook's JSON says about the subject. */
  data: {
    kind: 'event' | 'fleet_outage' | 'test'
    event_id: number | null
    event_type: string
    customer_id: string | null
    occurred_at: string
  }
}

export type PushResult =
  | { ok: true; id: string }
  /** `retryAfterMs`: the service said when to come back (Telegram's retry_after, Retry-After). */
  | { ok: false; retry: boolean; status?: number; answer: string; retryAfterMs?: number }

const ANSWER_MAX = 500
export const truncateAnswer = (s: string) => (s.length > ANSWER_MAX ? `${s.slice(0, ANSWER_MAX)}…` : s)

/** `s` cut to at most `max` UTF-8 bytes, never inside a character. */
export function truncateUtf8(s: string, max: number): string {
  const bytes = new TextEncoder().encode(s)
  if (bytes.length <= max) return s
  return new TextDecoder().decode(bytes.slice(0, max - 3)).replace(/\uFFFD$/, '') + '…'
}
