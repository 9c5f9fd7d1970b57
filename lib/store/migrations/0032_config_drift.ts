// Drift detection (scheduled/drift-check.ts): per managed customer, whether its live config matched
// the generated one at the last check, how many keys differed, and since when it drifts.
export default [
  `CREATE TABLE config_drift (
    customer_id TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('match', 'drift')),
    differing_keys INTEGER NOT NULL,
    since INTEGER NOT NULL,
    checked_at INTEGER NOT NULL
  )`,
]
