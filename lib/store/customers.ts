// customer_configs: every customer the hub knows, its config, credentials and latest report.
import type { Client, InStatement } from '@libsql/client'
import type { Secrets } from '../crypto.js'
import { bool, jsonObjectCol, num, str, type Row } from './rows.js'

export type ConfigType = 'managed' | 'manual'

/** Per-customer credentials and infrastructure tokens, encrypted at rest as one blob. */
export interface CustomerSecrets {
  api_key: string
  retrieval_password: string
  session_secret: string
  tunnel_token: string
  registry_username: string
  registry_token: string
}

export interface Customer {
  ref: number
  customerId: string
  displayName: string
  configType: ConfigType
  blocked: boolean
  domain: string
  controllerUrl: string
  monitoringOverrides: Record<string, unknown>
  hasCredentials: boolean
  createdAt: number
  updatedAt: number
  lastReportAt: number | null
  latestReportId: number | null
  controllerVersion: string | null
  hostname: string | null
  health: string | null
  monitoringEnabled: boolean | null
  reportedControllerUrl: string | null
  backupEnabled: boolean | null
  dbdumpEnabled: boolean | null
}

const COLUMNS = `ref, customer_id, display_name, config_type, blocked, domain, controller_url, monitoring_overrides,
  api_key_digest IS NOT NULL AS has_credentials, created_at, updated_at, last_report_at, latest_report_id,
  controller_version, hostname, health, monitoring_enabled, reported_controller_url, backup_enabled, dbdump_enabled`

function toCustomer(r: Row): Customer {
  return {
    ref: Number(r.ref),
    customerId: String(r.customer_id),
    displayName: String(r.display_name ?? ''),
    configType: r.config_type as ConfigType,
    blocked: Number(r.blocked) === 1,
    domain: String(r.domain ?? ''),
    controllerUrl: String(r.controller_url ?? ''),
    monitoringOverrides: jsonObjectCol(r.monitoring_overrides) ?? {},
    hasCredentials: Number(r.has_credentials) === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    lastReportAt: num(r.last_report_at),
    latestReportId: num(r.latest_report_id),
    controllerVersion: str(r.controller_version),
    hostname: str(r.hostname),
    health: str(r.health),
    monitoringEnabled: bool(r.monitoring_enabled),
    reportedControllerUrl: str(r.reported_controller_url),
    backupEnabled: bool(r.backup_enabled),
    dbdumpEnabled: bool(r.dbdump_enabled),
  }
}

export async function getCustomer(db: Client, customerId: string): Promise<Customer | null> {
  const rs = await db.execute({
    sql: `SELECT ${COLUMNS} FROM customer_configs WHERE customer_id = ?`,
    args: [customerId],
  })
  return rs.rows[0] ? toCustomer(rs.rows[0]) : null
}

export async function listCustomers(db: Client): Promise<Customer[]> {
  const rs = await db.execute(`SELECT ${COLUMNS} FROM customer_configs ORDER BY customer_id`)
  return rs.rows.map(toCustomer)
}

export async function customerIdForKeyDigest(db: Client, digest: string): Promise<string | null> {
  const rs = await db.execute({
    sql: 'SELECT customer_id FROM customer_configs WHERE api_key_digest = ?',
    args: [digest],
  })
  return rs.rows[0] ? String(rs.rows[0].customer_id) : null
}

export async function retrievalDigest(
  db: Client,
  customerId: string,
): Promise<{ digest: string | null; blocked: boolean } | null> {
  const rs = await db.execute({
    sql: 'SELECT retrieval_digest, blocked FROM customer_configs WHERE customer_id = ?',
    args: [customerId],
  })
  const r = rs.rows[0]
  return r ? { digest: str(r.retrieval_digest), blocked: Number(r.blocked) === 1 } : null
}

const secretsAad = (customerId: string) => `customer-secrets:${customerId}`

export async function readSecrets(
  db: Client,
  secrets: Secrets,
  customerId: string,
): Promise<CustomerSecrets | null> {
  const rs = await db.execute({
    sql: 'SELECT secrets_enc FROM customer_configs WHERE customer_id = ?',
    args: [customerId],
  })
  const blob = rs.rows[0]?.secrets_enc
  if (blob === null || blob === undefined) return null
  return secrets.decryptJson<CustomerSecrets>(new Uint8Array(blob as ArrayBuffer), secretsAad(customerId))
}

export interface ManagedFields {
  displayName: string
  domain: string
  controllerUrl: string
  monitoringOverrides: Record<string, unknown>
}

/**
 * Stores a managed customer's config and credentials. Creates the row, or turns a manual
 * customer (known from its reports) into a managed one; its reports stay attached.
 * Returns false when a managed customer with that id already exists.
 */
export async function createManaged(
  db: Client,
  secrets: Secrets,
  customerId: string,
  fields: ManagedFields,
  creds: CustomerSecrets,
  digests: { apiKey: string; retrieval: string },
  now: number,
): Promise<boolean> {
  const enc = await secrets.encryptJson(creds, secretsAad(customerId))
  const rs = await db.execute({
    sql: `INSERT INTO customer_configs (customer_id, display_name, config_type, domain, controller_url, monitoring_overrides,
            api_key_digest, retrieval_digest, secrets_enc, created_at, updated_at)
          VALUES (?, ?, 'managed', ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (customer_id) DO UPDATE SET display_name = excluded.display_name, config_type = 'managed',
            domain = excluded.domain, controller_url = excluded.controller_url,
            monitoring_overrides = excluded.monitoring_overrides, api_key_digest = excluded.api_key_digest,
            retrieval_digest = excluded.retrieval_digest, secrets_enc = excluded.secrets_enc, updated_at = excluded.updated_at
          WHERE customer_configs.config_type = 'manual'`,
    args: [
      customerId,
      fields.displayName,
      fields.domain,
      fields.controllerUrl,
      JSON.stringify(fields.monitoringOverrides),
      digests.apiKey,
      digests.retrieval,
      enc,
      now,
      now,
    ],
  })
  return rs.rowsAffected === 1
}

/** Updates a managed customer's editable fields and tokens (credentials stay as they are). */
export async function updateManaged(
  db: Client,
  secrets: Secrets,
  customerId: string,
  fields: ManagedFields,
  creds: CustomerSecrets,
  now: number,
): Promise<boolean> {
  const enc = await secrets.encryptJson(creds, secretsAad(customerId))
  const rs = await db.execute({
    sql: `UPDATE customer_configs SET display_name = ?, domain = ?, controller_url = ?, monitoring_overrides = ?,
            secrets_enc = ?, updated_at = ?
          WHERE customer_id = ? AND config_type = 'managed'`,
    args: [
      fields.displayName,
      fields.domain,
      fields.controllerUrl,
      JSON.stringify(fields.monitoringOverrides),
      enc,
      now,
      customerId,
    ],
  })
  return rs.rowsAffected === 1
}

export async function setBlocked(
  db: Client,
  customerId: string,
  blocked: boolean,
  now: number,
): Promise<boolean> {
  const rs = await db.execute({
    sql: 'UPDATE customer_configs SET blocked = ?, updated_at = ? WHERE customer_id = ?',
    args: [blocked ? 1 : 0, now, customerId],
  })
  return rs.rowsAffected === 1
}

/**
 * Forgets a customer: config, credentials, reports, samples and alert state. Events, the
 * notification log and infra backups stay (history and disaster-recovery material); if the
 * controller keeps reporting, the customer comes back as manual.
 */
export async function deleteCustomer(db: Client, customerId: string): Promise<boolean> {
  const ref = `(SELECT ref FROM customer_configs WHERE customer_id = ?)`
  const stmts: InStatement[] = [
    { sql: `DELETE FROM samples WHERE customer_ref = ${ref}`, args: [customerId] },
    { sql: `DELETE FROM reports WHERE customer_ref = ${ref}`, args: [customerId] },
    { sql: 'DELETE FROM alert_state WHERE customer_id = ?', args: [customerId] },
    { sql: 'DELETE FROM customer_configs WHERE customer_id = ?', args: [customerId] },
  ]
  const results = await db.batch(stmts, 'write')
  return results[3].rowsAffected === 1
}
