// One operator decision, many destinations (email and the push channels of
// notifications.channels). The decision (per customer, event type and cooldown window) is taken
// once, here, whichever destinations exist, so the cooldown also holds when email is not configured.
// Push deliveries that failed in a retryable way stay `pending` with the time of their next attempt
// in retry_at; the tick's outbox picks them up then.
export default [
  `CREATE TABLE notification_decisions (
    id INTEGER PRIMARY KEY,
    decision_key TEXT NOT NULL UNIQUE,
    customer_id TEXT,
    event_type TEXT NOT NULL,
    decided_at INTEGER NOT NULL
  )`,
  `CREATE INDEX notification_decisions_cooldown ON notification_decisions (event_type, customer_id, decided_at)`,
  `CREATE INDEX notification_decisions_time ON notification_decisions (decided_at)`,
  `ALTER TABLE notification_log ADD COLUMN retry_at INTEGER`,
]
