// Samples older than a week are folded into one row per customer and hour by the prune job
// (lib/store/samples-hourly.ts), as Uptime Kuma 2.0 keeps its heartbeats: 90 days of 15-minute
// rows for 1,000 nodes were 8.6 million rows; a week of them plus hourly rows is a quarter of that.
// Figures are scaled like the samples' (x100, temperature x10); each keeps the aggregate that
// matters for it: averages of CPU, load and memory (and their highest), the highest disk use and
// temperature, the worst health, the fewest running containers and the most containers.
export default [
  `CREATE TABLE samples_hourly (
    customer_ref INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    n INTEGER NOT NULL,
    health INTEGER NOT NULL,
    cpu INTEGER,
    cpu_max INTEGER,
    load1 INTEGER,
    mem INTEGER,
    mem_max INTEGER,
    disk INTEGER,
    temp INTEGER,
    running INTEGER,
    total INTEGER,
    PRIMARY KEY (customer_ref, hour)
  ) WITHOUT ROWID`,
]
