// customer_configs: every customer the hub knows, its config, credentials and latest report.
import type { Client, InStatement } from '@libsql/client'
import type { Secrets } from '../core/crypto.js'
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

export interface ManagedWrite {
  /** create: only over nothing or a manual customer; replace: also over a managed one (imports). */
  mode: 'create' | 'replace'
  createdAt: number
  updatedAt: number
  /** Set the block flag too (imports carry it); left alone when undefined. */
  blocked?: boolean
}

/**
 * The one statement that stores a managed customer's config and credentials: the digests the API
 * looks keys up by, and the credentials sealed for the dashboard's reveal. Creates the row, or turns
 * a manual customer (known from its reports) into a managed one; its reports stay attached. A
 * statement rather than a call, so an import can run many of them in one transaction.
 */
export async function managedCustomerStatement(
  secrets: Secrets,
  customerId: string,
  fields: ManagedFields,
  creds: CustomerSecrets,
  digests: { apiKey: string; retrieval: string },
  write: ManagedWrite,
): Promise<InStatement> {
  const enc = await secrets.encryptJson(creds, secretsAad(customerId))
  const blocked = write.blocked === undefined ? null : write.blocked ? 1 : 0
  return {
    sql: `INSERT INTO customer_configs (customer_id, display_name, config_type, blocked, domain, controller_url, monitoring_overrides,
            api_key_digest, retrieval_digest, secrets_enc, created_at, updated_at)
          VALUES (?, ?, 'managed', coalesce(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (customer_id) DO UPDATE SET display_name = excluded.display_name, config_type = 'managed',
            blocked = coalesce(?, customer_configs.blocked),
            domain = excluded.domain, controller_url = excluded.controller_url,
            monitoring_overrides = excluded.monitoring_overrides, api_key_digest = excluded.api_key_digest,
            retrieval_digest = excluded.retrieval_digest, secrets_enc = excluded.secrets_enc, updated_at = excluded.updated_at
          ${write.mode === 'create' ? "WHERE customer_configs.config_type = 'manual'" : ''}`,
    args: [
      customerId,
      fields.displayName,
      blocked,
      fields.domain,
      fields.controllerUrl,
      JSON.stringify(fields.monitoringOverrides),
      digests.apiKey,
      digests.retrieval,
      enc,
      write.createdAt,
      write.updatedAt,
      blocked,
    ],
  }
}

/**
 * Stores a new managed customer (or promotes a manual one). Returns false when a managed customer
 * with that id already exists.
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
  const stmt = await managedCustomerStatement(secrets, customerId, fields, creds, digests, {
    mode: 'create',
    createdAt: now,
    updatedAt: now,
  })
  const rs = await db.execute(stmt)
  return rs.rowsAffected === 1
}

/** The stored credential digests of a customer (to tell an import that changes nothing). */
export async function credentialDigests(
  db: Client,
  customerId: string,
): Promise<{ apiKey: string | null; retrieval: string | null } | null> {
  const rs = await db.execute({
    sql: 'SELECT api_key_digest, retrieval_digest FROM customer_configs WHERE customer_id = ?',
    args: [customerId],
  })
  const r = rs.rows[0]
  return r ? { apiKey: str(r.api_key_digest), retrieval: str(r.retrieval_digest) } : null
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

export type DeleteOutcome = 'manual' | 'removed' | 'no-config'

/**
 * Deletes a customer's config, as the Go hub did: the managed config, its credentials and the block
 * go; what the controller sent stays. A customer that has reported stays as a manual one with its
 * reports, samples, events and alert state (its controller may keep reporting with the global
 * key); one that never reported has nothing left, and its row goes. Erasing everything is
 * purgeCustomer (lib/store/purge.ts).
 */
export async function deleteCustomer(db: Client, customerId: string, now: number): Promise<DeleteOutcome> {
  const reported = `(last_report_at IS NOT NULL OR EXISTS (SELECT 1 FROM samples WHERE customer_ref = customer_configs.ref)
    OR EXISTS (SELECT 1 FROM samples_hourly WHERE customer_ref = customer_configs.ref))`
  const [demoted, removed] = await db.batch(
    [
      {
        sql: `UPDATE customer_configs SET config_type = 'manual', display_name = '', blocked = 0, domain = '',
                controller_url = '', monitoring_overrides = '{}', api_key_digest = NULL, retrieval_digest = NULL,
                secrets_enc = NULL, updated_at = ?
              WHERE customer_id = ? AND config_type = 'managed' AND ${reported}`,
        args: [now, customerId],
      },
      {
        sql: `DELETE FROM customer_configs WHERE customer_id = ? AND config_type = 'managed' AND NOT ${reported}`,
        args: [customerId],
      },
    ],
    'write',
  )
  if (demoted.rowsAffected === 1) return 'manual'
  return removed.rowsAffected === 1 ? 'removed' : 'no-config'
}
