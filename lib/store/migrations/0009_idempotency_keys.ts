// Idempotency-Key (docs/api.md §3): the first answer to each key, per customer and route, for 24 hours.
// The row is written in the same transaction as what the request stored, so a key is taken if and
// only if its write committed. It holds a keyed digest of the request body (compared on a retry),
// never the body: an infra backup's body carries restic passwords.
export default [
  `CREATE TABLE idempotency_keys (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    route TEXT NOT NULL,
    key TEXT NOT NULL,
    body_digest TEXT NOT NULL,
    status INTEGER NOT NULL,
    answer TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (customer_id, route, key)
  )`,
  `CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`,
]
