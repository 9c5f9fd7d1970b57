// Report ingest moves out of SQL and back beside storeReports (lib/store/reports.ts): the
// report_ingest view and its INSTEAD OF trigger (0008) go, so the rules live in TypeScript. The
// per-report rows are called samples everywhere ("metrics" is the Prometheus exposition).
export default [
  `DROP TRIGGER report_ingest_insert`,
  `DROP VIEW report_ingest`,
  `ALTER TABLE metrics RENAME TO samples`,
]
