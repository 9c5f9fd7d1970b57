// The monthly report (scheduled/monthly-report.ts). customer_notifications.monthly_report is the
// customer's choice: 1 yes, 0 no, NULL never said (no report). monthly_reports keeps each report
// as claimed for sending, under the notification log's idempotency key, so that a send the outbox
// retries after a crash is the same HTML, not a rebuild from the text.
export default [
  `ALTER TABLE customer_notifications ADD COLUMN monthly_report INTEGER`,
  `CREATE TABLE monthly_reports (
    idempotency_key TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    month TEXT NOT NULL,
    subject TEXT NOT NULL,
    html BLOB NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
  )`,
  `CREATE INDEX monthly_reports_created ON monthly_reports (created_at)`,
]
