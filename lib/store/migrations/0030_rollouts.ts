// Staged controller rollouts (lib/rollouts/): a rollout, its waves, one row per node with its
// state and the times it moved, and a log for the rollout page's timeline. Every state change is
// a compare-and-set on these rows, so a restart resumes exactly where the rollout stood.
export default [
  // `active` is 1 while running or halted and NULL after: UNIQUE keeps one rollout active at a time.
  `CREATE TABLE rollouts (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('running', 'halted', 'completed', 'aborted')),
    active INTEGER UNIQUE CHECK (active = 1),
    canary TEXT NOT NULL,
    percents TEXT NOT NULL,
    deadline_ms INTEGER NOT NULL,
    soak_ms INTEGER NOT NULL,
    halts INTEGER NOT NULL DEFAULT 0,
    halt_reason TEXT,
    pending_event TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    finished_at INTEGER
  )`,
  `CREATE TABLE rollout_waves (
    rollout_id INTEGER NOT NULL,
    wave INTEGER NOT NULL,
    label TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'running', 'soaking', 'passed')),
    started_at INTEGER,
    soak_from INTEGER,
    passed_at INTEGER,
    PRIMARY KEY (rollout_id, wave)
  ) WITHOUT ROWID`,
  `CREATE TABLE rollout_nodes (
    rollout_id INTEGER NOT NULL,
    customer_id TEXT NOT NULL,
    wave INTEGER NOT NULL,
    from_version TEXT,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'triggering', 'sent', 'passed', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_at INTEGER,
    sent_at INTEGER,
    deadline_at INTEGER,
    passed_at INTEGER,
    failed_at INTEGER,
    skipped_at INTEGER,
    note TEXT,
    PRIMARY KEY (rollout_id, customer_id)
  ) WITHOUT ROWID`,
  `CREATE INDEX rollout_nodes_wave ON rollout_nodes (rollout_id, wave, state)`,
  `CREATE TABLE rollout_log (
    id INTEGER PRIMARY KEY,
    rollout_id INTEGER NOT NULL,
    at INTEGER NOT NULL,
    customer_id TEXT,
    kind TEXT NOT NULL,
    message TEXT NOT NULL
  )`,
  `CREATE INDEX rollout_log_rollout ON rollout_log (rollout_id, id)`,
  `CREATE INDEX rollout_log_customer ON rollout_log (customer_id)`,
]
