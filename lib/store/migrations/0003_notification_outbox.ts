// The notification outbox: deliverPending() looks for `pending` rows every tick. A partial index
// keeps that lookup proportional to the few pending rows, not to the whole (90-day) log.
export default [
  `CREATE INDEX notification_log_pending ON notification_log (updated_at, id) WHERE status = 'pending'`,
]
