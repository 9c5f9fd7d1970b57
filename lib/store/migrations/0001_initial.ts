// The whole schema as of the first release. Timestamps are INTEGER milliseconds since the epoch
// (metrics: seconds, to keep that row small). Forward-only: change the schema in a new file.
export default [
  // Every customer the hub knows: managed ones carry a config, manual ones appear with their
  // first report. The latest report's headline fields live here so the fleet list and the
  // staleness job never scan reports.
  `CREATE TABLE customer_configs (
    ref INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    config_type TEXT NOT NULL CHECK (config_type IN ('managed', 'manual')),
    blocked INTEGER NOT NULL DEFAULT 0,
    domain TEXT NOT NULL DEFAULT '',
    controller_url TEXT NOT NULL DEFAULT '',
    monitoring_overrides TEXT NOT NULL DEFAULT '{}',
    api_key_digest TEXT UNIQUE,
    retrieval_digest TEXT,
    secrets_enc BLOB,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_report_at INTEGER,
    latest_report_id INTEGER,
    controller_version TEXT,
    hostname TEXT,
    health TEXT,
    monitoring_enabled INTEGER,
    reported_controller_url TEXT,
    backup_enabled INTEGER,
    dbdump_enabled INTEGER
  )`,
  // Full report JSON (deflate-raw), kept retention.full_reports_days; the latest one always.
  `CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    customer_ref INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    body BLOB NOT NULL
  )`,
  `CREATE INDEX reports_received_at ON reports (received_at)`,
  // One compact row per report, kept retention.max_days: the history endpoint and the charts.
  // Scaled integers (x100, temperature x10) instead of REALs: 8 bytes each would triple the row.
  `CREATE TABLE metrics (
    customer_ref INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    health INTEGER NOT NULL,
    cpu INTEGER,
    load1 INTEGER,
    mem INTEGER,
    disk INTEGER,
    temp INTEGER,
    running INTEGER,
    total INTEGER,
    PRIMARY KEY (customer_ref, ts)
  ) WITHOUT ROWID`,
  `CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
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
  `CREATE INDEX events_customer_time ON events (customer_id, received_at)`,
  `CREATE INDEX events_time ON events (received_at, severity, customer_id)`,
  // AES-256-GCM over deflated JSON; the AAD binds customer id and version.
  `CREATE TABLE infra_backups (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    payload BLOB NOT NULL,
    UNIQUE (customer_id, version)
  )`,
  `CREATE TABLE customer_notifications (
    customer_id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    enabled_events TEXT NOT NULL,
    cooldown_hours INTEGER NOT NULL,
    extra TEXT,
    updated_at INTEGER NOT NULL
  )`,
  `CREATE TABLE notification_log (
    id INTEGER PRIMARY KEY,
    customer_id TEXT,
    event_id INTEGER,
    channel TEXT NOT NULL,
    recipient TEXT,
    event_type TEXT,
    severity TEXT,
    subject TEXT,
    body TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  )`,
  `CREATE INDEX notification_log_customer ON notification_log (customer_id, created_at)`,
  `CREATE INDEX notification_log_time ON notification_log (created_at)`,
  `CREATE INDEX notification_log_cooldown ON notification_log (channel, customer_id, event_type, status, created_at)`,
  // The staleness job's view of each node; changed compare-and-set.
  `CREATE TABLE alert_state (
    customer_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    changed_at INTEGER NOT NULL
  )`,
  // The ledger `tick` reads: one row per job and scheduled slot.
  `CREATE TABLE job_runs (
    id INTEGER PRIMARY KEY,
    job TEXT NOT NULL,
    slot TEXT NOT NULL,
    trigger TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    ok INTEGER,
    summary TEXT,
    UNIQUE (job, slot)
  )`,
  // Small named values: the cached controller.yaml template, the newest registry tag.
  `CREATE TABLE hub_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  )`,
  `CREATE TABLE sessions (
    id_digest TEXT PRIMARY KEY,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip TEXT,
    user_agent TEXT
  )`,
  // Failure counters for login and config retrieval, in the DB so a restart keeps them.
  `CREATE TABLE throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER
  )`,
]
