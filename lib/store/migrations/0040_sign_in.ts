// Sign-in worthy of the keys it guards (#12): a TOTP second factor, its recovery codes, the
// half-finished login between password and code, sessions that know where they came from, and
// the audit log of every operator action.
//
// The sessions table is rebuilt rather than altered: its new columns are NOT NULL or generated,
// and a session from before knows neither the password hash it was made under nor its public id,
// so it could not pass the new checks anyway. Signed-in operators sign in again once.
export default [
  `DROP TABLE sessions`,
  `CREATE TABLE sessions (
    id_digest TEXT PRIMARY KEY,
    -- What the sessions page shows and revokes by: never the id or its digest.
    public_id TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(8)))),
    -- 'full', or 'enrol': the pre-session auth.totp_required allows, which can only enrol a factor.
    kind TEXT NOT NULL DEFAULT 'full' CHECK (kind IN ('full', 'enrol')),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_seen_at INTEGER,
    ip TEXT,
    user_agent TEXT,
    -- SHA-256 of the auth.password_hash the session was made under: another hash, no session.
    password_digest TEXT
  )`,
  `CREATE INDEX sessions_expiry ON sessions (expires_at)`,
  // Password given, code not yet: a short-lived record bound to a cookie, never a session.
  `CREATE TABLE pending_logins (
    id_digest TEXT PRIMARY KEY,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip TEXT,
    user_agent TEXT,
    password_digest TEXT NOT NULL
  )`,
  // The one operator's factor: the secret sealed under server.secret_key, and the last time step
  // a code was accepted for (a code of that step or an earlier one is refused: no replay).
  `CREATE TABLE totp_factor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    last_step INTEGER NOT NULL
  )`,
  // An enrolment begun by a session and not yet confirmed with a code; the factor stays as it was.
  `CREATE TABLE totp_enrolments (
    session_digest TEXT PRIMARY KEY,
    secret BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  )`,
  // Single-use codes, stored as HMACs under a key derived from server.secret_key.
  `CREATE TABLE recovery_codes (
    digest TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    used_at INTEGER
  )`,
  `CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'error')),
    customer_id TEXT,
    ip TEXT,
    session_id TEXT,
    request_id TEXT,
    -- What was done, in a few words the code chose (a version, a session's public id): never input.
    detail TEXT,
    error TEXT
  )`,
  // The page lists newest first by id; an index on one column also holds the rowid, so a filter
  // by customer or action walks its index in id order. The time index serves the prune job.
  `CREATE INDEX audit_log_time ON audit_log (at)`,
  `CREATE INDEX audit_log_customer ON audit_log (customer_id)`,
  `CREATE INDEX audit_log_action ON audit_log (action)`,
]
