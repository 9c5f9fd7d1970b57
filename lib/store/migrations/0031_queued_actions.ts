// Controller actions queued for a node that could not be reached (lib/queued-actions/): retried
// when the node next reports and from tick, until they expire. Each attempt is a row of its own.
export default [
  `CREATE TABLE queued_actions (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('push-config', 'trigger-update')),
    version TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'unconfirmed', 'expired', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    claimed_at INTEGER,
    finished_at INTEGER,
    note TEXT
  )`,
  // The report hook's one lookup: empty (and so free) when nothing is pending.
  `CREATE INDEX queued_actions_pending ON queued_actions (customer_id) WHERE state = 'pending'`,
  `CREATE INDEX queued_actions_due ON queued_actions (next_attempt_at) WHERE state = 'pending'`,
  `CREATE INDEX queued_actions_running ON queued_actions (claimed_at) WHERE state = 'running'`,
  `CREATE INDEX queued_actions_customer ON queued_actions (customer_id, id)`,
  // One open action per customer and kind: queueing it again is a no-op.
  `CREATE UNIQUE INDEX queued_actions_open ON queued_actions (customer_id, action) WHERE state IN ('pending', 'running')`,
  `CREATE TABLE queued_action_attempts (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL,
    customer_id TEXT NOT NULL,
    trigger TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    outcome TEXT,
    message TEXT
  )`,
  `CREATE INDEX queued_action_attempts_action ON queued_action_attempts (action_id, id)`,
  `CREATE INDEX queued_action_attempts_customer ON queued_action_attempts (customer_id)`,
]
