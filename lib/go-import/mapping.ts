// The Go hub's tables as its seed describes them, column by column: where each goes in this hub,
// which the import cannot do without, and which it leaves behind and why. docs/migrating-from-go.md
// is the same table in prose (test/lib/go-import/mapping.test.ts keeps the two in step). Columns the
// file has and this list does not know are reported as not imported.
export interface ColumnMap {
  column: string
  /** Where it goes; null when it is dropped (`why` says why). */
  to: string | null
  why?: string
  required?: boolean
}

export interface TableMap {
  table: string
  what: string
  columns: ColumnMap[]
}

const col = (column: string, to: string, required = false): ColumnMap => ({ column, to, required })
const drop = (column: string, why: string): ColumnMap => ({ column, to: null, why })
const override = (column: string) => col(column, `monitoring_overrides.${column}`)
const healthcheck = (column: string) =>
  col(column, `monitoring_overrides.healthchecks.${column.replace(/^hc_/, '')}`)

export const GO_TABLES: TableMap[] = [
  {
    table: 'customer_configs',
    what: 'managed customers with their credentials',
    columns: [
      col('customer_id', 'customer_configs.customer_id', true),
      col('api_key', 'api_key_digest (SHA-256) and the sealed credentials', true),
      col('retrieval_password', 'retrieval_digest (SHA-256) and the sealed credentials', true),
      col('display_name', 'display_name'),
      col('domain', 'domain'),
      col('controller_url', 'controller_url'),
      col('blocked', 'blocked'),
      col('session_secret', 'sealed credentials (server.session_secret of the generated config)'),
      col('tunnel_token', 'sealed credentials'),
      col('registry_username', 'sealed credentials'),
      col('registry_token', 'sealed credentials'),
      col('monitoring_enabled', 'monitoring_overrides.enabled'),
      override('disk_warn_percent'),
      override('disk_critical_percent'),
      override('temperature_warn_c'),
      override('container_restart_threshold'),
      healthcheck('hc_base_url'),
      healthcheck('hc_report_uuid'),
      healthcheck('hc_backup_uuid'),
      healthcheck('hc_dbdump_uuid'),
      col('created_at', 'created_at'),
      drop('updated_at', 'set to the time of the import'),
      drop('id', 'the hub numbers its own rows'),
    ],
  },
  {
    table: 'customer_notifications',
    what: 'customers’ notification preferences',
    columns: [
      col('customer_id', 'customer_notifications.customer_id', true),
      col('email', 'email', true),
      col('enabled_events', 'enabled_events (event types this hub does not know are left out)', true),
      col(
        'cooldown_hours',
        'cooldown_hours (missing or outside 0–168: notifications.customer_cooldown_hours)',
      ),
      drop('created_at', 'set to the time of the import'),
      drop('updated_at', 'set to the time of the import'),
      drop('id', 'the hub numbers its own rows'),
    ],
  },
  {
    table: 'infra_backups',
    what: 'the latest 10 infrastructure snapshots per customer, sealed on the way in',
    columns: [
      col('customer_id', 'infra_backups.customer_id', true),
      col('version', 'version (kept, so the controller’s numbering goes on)', true),
      col('payload', 'payload, deflated and sealed with AES-256-GCM', true),
      col('created_at', 'received_at'),
      drop('size_bytes', 'measured again from the payload'),
      drop('id', 'the hub numbers its own rows'),
    ],
  },
  {
    table: 'reports',
    what: 'reports: the full JSON within retention.full_reports_days (each customer’s latest always), samples within retention.max_days',
    columns: [
      col('customer_id', 'the customer (a new one appears as manual)', true),
      col('received_at', 'received_at (and the sample’s time)', true),
      col('payload', 'the full report (deflated) and its sample', true),
      drop('id', 'the hub numbers its own rows'),
      drop('health', 'read again from the payload'),
      drop('controller_version', 'read again from the payload'),
    ],
  },
  {
    table: 'events',
    what: 'events within retention.max_days, without notifying anyone again',
    columns: [
      col('customer_id', 'events.customer_id', true),
      col('event_type', 'event_type', true),
      col('severity', 'severity (warn → warning, critical → error; others skipped)', true),
      col('message', 'message', true),
      col('created_at', 'received_at', true),
      col('details', 'details (a JSON object; anything else is kept as {"value": …})'),
      col('source', 'source (hub or controller)'),
      col('occurred_at', 'occurred_at'),
      drop('id', 'kept only inside the import’s dedupe key, so a second run skips the row'),
    ],
  },
  {
    table: 'notification_log',
    what: 'final notification decisions within retention.max_days (history and cooldowns); nothing is sent',
    columns: [
      col('event_type', 'event_type', true),
      col('status', 'status (sent, failed, skipped; pending rows are skipped so nothing is sent)', true),
      col('created_at', 'created_at', true),
      col('customer_id', 'customer_id'),
      col('recipient', 'recipient'),
      col('subject', 'subject'),
      col('channel', 'channel (without it: operator when the recipient is notifications.operator_email)'),
      col('error', 'reason'),
      drop('body', 'not kept: the subject and the event say what was sent'),
      drop('id', 'kept only inside the import’s idempotency key, so a second run skips the row'),
    ],
  },
]

export interface ColumnCheck {
  table: TableMap
  present: boolean
  rows: number
  mapped: ColumnMap[]
  dropped: ColumnMap[]
  /** Columns of the file this list does not know: not imported. */
  unknown: string[]
  /** Required columns the file lacks: the import refuses to run. */
  missing: string[]
}

export function checkColumns(table: TableMap, columns: string[] | null, rows: number): ColumnCheck {
  const have = new Set(columns ?? [])
  const known = new Set(table.columns.map((c) => c.column))
  return {
    table,
    present: columns !== null,
    rows,
    mapped: table.columns.filter((c) => c.to !== null && have.has(c.column)),
    dropped: table.columns.filter((c) => c.to === null && have.has(c.column)),
    unknown: (columns ?? []).filter((c) => !known.has(c)),
    missing:
      columns === null
        ? []
        : table.columns.filter((c) => c.required && !have.has(c.column)).map((c) => c.column),
  }
}
