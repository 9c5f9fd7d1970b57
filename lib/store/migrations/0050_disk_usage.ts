// Per-mount disk usage for the disk-full forecast (lib/disks/forecast.ts). Samples keep only the
// fullest disk's percentage; this keeps each mount's, written at ingest only when it changed since
// the mount's latest row and at most once an hour (the hour is in the key), so a flat disk costs
// next to nothing and a growing one at most 24 rows a day. Usage in hundredths of a percent of the
// mount's size, like samples.disk. Kept 15 days (the household-checks job deletes older rows):
// 23 bytes a row, so even with every mount changing every hour 1,000 homes of 3 disks take 24 MiB.
//
// disk_forecasts: the daily job's result per mount, read by the fleet and detail pages.
export default [
  `CREATE TABLE disk_usage (
    customer_ref INTEGER NOT NULL,
    mount TEXT NOT NULL,
    hour INTEGER NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (customer_ref, mount, hour)
  ) WITHOUT ROWID`,
  `CREATE TABLE disk_forecasts (
    customer_id TEXT NOT NULL,
    mount TEXT NOT NULL,
    label TEXT NOT NULL,
    percent_now REAL NOT NULL,
    slope_per_day REAL,
    full_at INTEGER,
    computed_at INTEGER NOT NULL,
    PRIMARY KEY (customer_id, mount)
  )`,
]
