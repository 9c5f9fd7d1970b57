// Maintenance windows (spec §9): while one covers a customer (customer_id NULL: the whole fleet),
// its notifications are recorded but not sent. A cancelled window ends at cancelled_at (before it
// started: it never covers anything). ended_checked_at marks a window whose end the staleness job
// has looked at, so the operator hears once if the node was still down when it ended.
export default [
  `CREATE TABLE maintenance_windows (
    id INTEGER PRIMARY KEY,
    customer_id TEXT,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    cancelled_at INTEGER,
    ended_checked_at INTEGER
  )`,
  `CREATE INDEX maintenance_windows_customer ON maintenance_windows (customer_id, ends_at)`,
  `CREATE INDEX maintenance_windows_unchecked ON maintenance_windows (ends_at) WHERE ended_checked_at IS NULL`,
]
