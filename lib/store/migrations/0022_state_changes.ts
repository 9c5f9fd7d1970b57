// Each node's state over time, one row where it changes: ok (its reports' health is ok or warn),
// error (health fail), stale / down (silent past the threshold, from the staleness job). Uptime is
// computed from these rows, and an acknowledgement is bound to the row that began a state. Every
// customer that has reported starts with its state at upgrade time. ('warn' is allowed for a
// future distinction; nothing writes it.)
export default [
  `CREATE TABLE state_changes (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('ok', 'warn', 'error', 'stale', 'down'))
  )`,
  `CREATE INDEX state_changes_customer ON state_changes (customer_id, at, id)`,
  `INSERT INTO state_changes (customer_id, at, state)
   SELECT c.customer_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER),
     CASE WHEN a.state IN ('stale', 'down') THEN a.state
          WHEN c.health = 'fail' THEN 'error' ELSE 'ok' END
   FROM customer_configs c LEFT JOIN alert_state a ON a.customer_id = c.customer_id
   WHERE c.last_report_at IS NOT NULL`,
]
