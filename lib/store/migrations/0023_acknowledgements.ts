// The operator's acknowledgements: one per customer and condition (a stale, down or error state,
// named by when it began). A new condition has a new start, so it is not acknowledged.
export default [
  `CREATE TABLE acknowledgements (
    customer_id TEXT NOT NULL,
    state TEXT NOT NULL,
    since INTEGER NOT NULL,
    acked_at INTEGER NOT NULL,
    via TEXT NOT NULL CHECK (via IN ('dashboard', 'link')),
    PRIMARY KEY (customer_id, state, since)
  )`,
]
