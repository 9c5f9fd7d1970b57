// The hub watches its own volume (lib/volume/watch.ts): one reading per Budapest date (the day's
// latest), the input of its days-until-full forecast.
export default [
  `CREATE TABLE volume_readings (
    date TEXT PRIMARY KEY,
    taken_at INTEGER NOT NULL,
    used_bytes INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    database_bytes INTEGER NOT NULL,
    wal_bytes INTEGER NOT NULL,
    snapshot_bytes INTEGER NOT NULL
  )`,
]
