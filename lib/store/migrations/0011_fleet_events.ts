// Hub events about the fleet rather than one customer (a rollout halted, the hub's own volume
// filling) are stored with customer_id NULL. SQLite cannot drop a NOT NULL in place, so the table
// is rebuilt (its rows, ids and indexes kept) in the migration's one transaction.
export default [
  `CREATE TABLE events_new (
    id INTEGER PRIMARY KEY,
    customer_id TEXT,
    event_type TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    details TEXT,
    extra TEXT,
    source TEXT NOT NULL,
    occurred_at TEXT,
    received_at INTEGER NOT NULL,
    dedupe_key TEXT UNIQUE
  )`,
  `INSERT INTO events_new (id, customer_id, event_type, severity, message, details, extra, source, occurred_at, received_at, dedupe_key)
   SELECT id, customer_id, event_type, severity, message, details, extra, source, occurred_at, received_at, dedupe_key FROM events`,
  `DROP TABLE events`,
  `ALTER TABLE events_new RENAME TO events`,
  `CREATE INDEX events_customer_time ON events (customer_id, received_at)`,
  `CREATE INDEX events_time ON events (received_at, severity, customer_id)`,
]
