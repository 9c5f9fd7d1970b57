// Report ingest as ONE statement: `INSERT INTO report_ingest` runs the four writes of a report in
// SQL. Why a trigger: the writes themselves cost microseconds, but @libsql/client pays a fixed toll
// per statement (prepare, a raw() probe that throws for every statement returning no rows, run),
// which took ~40% of the hub's CPU at load with four statements per report. One statement per
// report, and one multi-row statement per group commit (lib/store/group-commit.ts), removes it.
// The view holds no rows; it only names the columns a report brings.
export default [
  `CREATE VIEW report_ingest (customer_id, received_at, body, controller_version, hostname, health,
     monitoring_enabled, controller_url, backup_enabled, dbdump_enabled,
     ts, metrics_health, cpu, load1, mem, disk, temp, running, total)
   AS SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0`,
  // The steps of lib/store/reports.ts storeReport, in order. Inside a trigger last_insert_rowid()
  // is the trigger's own last insert: the reports row of step 2 (step 1 may insert before it).
  `CREATE TRIGGER report_ingest_insert INSTEAD OF INSERT ON report_ingest BEGIN
     -- 1. A customer the hub has not seen appears as a manual one.
     INSERT INTO customer_configs (customer_id, config_type, created_at, updated_at)
       VALUES (NEW.customer_id, 'manual', NEW.received_at, NEW.received_at)
       ON CONFLICT (customer_id) DO NOTHING;
     -- 2. The full report.
     INSERT INTO reports (customer_ref, received_at, body)
       VALUES ((SELECT ref FROM customer_configs WHERE customer_id = NEW.customer_id),
         NEW.received_at, NEW.body);
     -- 3. The latest pointer and headline move unless a newer report already moved them.
     UPDATE customer_configs SET last_report_at = NEW.received_at, latest_report_id = last_insert_rowid(),
         controller_version = NEW.controller_version, hostname = NEW.hostname, health = NEW.health,
         monitoring_enabled = NEW.monitoring_enabled, reported_controller_url = NEW.controller_url,
         backup_enabled = NEW.backup_enabled, dbdump_enabled = NEW.dbdump_enabled
       WHERE customer_id = NEW.customer_id AND (last_report_at IS NULL OR last_report_at <= NEW.received_at);
     -- 4. The compact metrics row (one per customer and second).
     INSERT OR REPLACE INTO metrics (customer_ref, ts, health, cpu, load1, mem, disk, temp, running, total)
       VALUES ((SELECT ref FROM customer_configs WHERE customer_id = NEW.customer_id),
         NEW.ts, NEW.metrics_health, NEW.cpu, NEW.load1, NEW.mem, NEW.disk, NEW.temp, NEW.running, NEW.total);
   END`,
]
