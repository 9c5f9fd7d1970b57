// Disaster-recovery readiness (lib/dr/readiness.ts): each customer's latest assessment, changed
// compare-and-set on its level so that a customer leaving `ready` is announced once; and the
// restore drills the operator ran (time, outcome, the failed checks by name: never a secret).
export default [
  `CREATE TABLE dr_readiness (
    customer_id TEXT PRIMARY KEY,
    level TEXT NOT NULL CHECK (level IN ('ready', 'at_risk', 'not_ready')),
    reasons TEXT NOT NULL,
    infra_version INTEGER,
    checked_at INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
  )`,
  `CREATE TABLE dr_drills (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    drilled_at INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    infra_version INTEGER,
    failed TEXT NOT NULL
  )`,
  `CREATE INDEX dr_drills_customer ON dr_drills (customer_id, drilled_at)`,
]
