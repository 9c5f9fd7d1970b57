// infra_backups: the snapshot a fresh controller pulls back after a system-drive failure.
// The whole payload (restic passwords, tokens inside controller.yaml) is deflated, then sealed with
// AES-256-GCM; the AAD binds it to its customer and version. The last KEEP versions are kept.
import type { Client, InStatement } from '@libsql/client'
import { deflate, inflate, type Secrets } from '../core/crypto.js'
import { parseStoredJson } from '../core/json.js'
import { bytes } from './rows.js'

export const KEEP_VERSIONS = 10
const aad = (customerId: string, version: number) => `infra-backup:${customerId}:${version}`

/** A stored version: its payload as pushed, or null with the problem when it cannot be read back. */
export type InfraBackup =
  | { version: number; receivedAt: number; payload: Record<string, unknown>; problem?: undefined }
  | { version: number; receivedAt: number; payload: null; problem: string }

/** The payload deflated, then sealed; the AAD binds it to its customer and version. */
async function seal(secrets: Secrets, customerId: string, version: number, compressed: Uint8Array) {
  return secrets.encrypt(compressed, aad(customerId, version))
}

/**
 * How often a push retries a version a concurrent push took. Every round of a race commits at least
 * one of its pushes, so n pushes at once need at most n rounds: 5 left a dozen concurrent pushes of
 * one customer (a retrying controller, a restore script) answering 500.
 */
const VERSION_ATTEMPTS = 64

/**
 * Stores a new version. Versions are allocated optimistically: a concurrent push that took the
 * same number makes the insert fail on UNIQUE(customer_id, version), and this one retries.
 * `along(version)` commits in the same transaction (an Idempotency-Key's answer names the version).
 */
export async function pushInfraBackup(
  db: Client,
  secrets: Secrets,
  customerId: string,
  raw: Uint8Array,
  receivedAt: number,
  along: (version: number) => InStatement[] = () => [],
): Promise<{ version: number }> {
  const compressed = await deflate(raw)
  for (let attempt = 0; attempt < VERSION_ATTEMPTS; attempt++) {
    const rs = await db.execute({
      sql: 'SELECT coalesce(max(version), 0) AS v FROM infra_backups WHERE customer_id = ?',
      args: [customerId],
    })
    const version = Number(rs.rows[0].v) + 1
    const sealed = await seal(secrets, customerId, version, compressed)
    try {
      await db.batch(
        [
          {
            sql: 'INSERT INTO infra_backups (customer_id, version, received_at, size_bytes, payload) VALUES (?, ?, ?, ?, ?)',
            args: [customerId, version, receivedAt, raw.byteLength, sealed],
          },
          {
            sql: 'DELETE FROM infra_backups WHERE customer_id = ? AND version <= ?',
            args: [customerId, version - KEEP_VERSIONS],
          },
          ...along(version),
        ],
        'write',
      )
      return { version }
    } catch (err) {
      if (!/UNIQUE constraint failed: infra_backups\./i.test(String((err as Error).message))) throw err
    }
  }
  throw new Error(`could not allocate an infra backup version after ${VERSION_ATTEMPTS} attempts`)
}

/**
 * One version with its number given (an import keeps the numbers the controller knows), sealed the
 * same way; a version that exists already is left as it is.
 */
export async function infraBackupStatement(
  secrets: Secrets,
  customerId: string,
  version: number,
  raw: Uint8Array,
  receivedAt: number,
): Promise<InStatement> {
  const sealed = await seal(secrets, customerId, version, await deflate(raw))
  return {
    sql: `INSERT INTO infra_backups (customer_id, version, received_at, size_bytes, payload) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (customer_id, version) DO NOTHING`,
    args: [customerId, version, receivedAt, raw.byteLength, sealed],
  }
}

export async function latestInfraBackup(
  db: Client,
  secrets: Secrets,
  customerId: string,
): Promise<InfraBackup | null> {
  const rs = await db.execute({
    sql: 'SELECT version, received_at, payload FROM infra_backups WHERE customer_id = ? ORDER BY version DESC LIMIT 1',
    args: [customerId],
  })
  const r = rs.rows[0]
  if (!r) return null
  const version = Number(r.version)
  const receivedAt = Number(r.received_at)
  let plain: Uint8Array
  try {
    plain = await inflate(await secrets.decrypt(bytes(r.payload), aad(customerId, version)))
  } catch {
    // A damaged row, or one sealed under another server.secret_key.
    return { version, receivedAt, payload: null, problem: 'it cannot be decrypted' }
  }
  const parsed = parseStoredJson(plain)
  if (!parsed.ok) return { version, receivedAt, payload: null, problem: `it is ${parsed.problem}` }
  const v = parsed.value
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return { version, receivedAt, payload: null, problem: 'it is not a JSON object' }
  }
  return { version, receivedAt, payload: v as Record<string, unknown> }
}

export interface InfraBackupVersion {
  version: number
  receivedAt: number
  sizeBytes: number
}

export async function listInfraBackupVersions(db: Client, customerId: string): Promise<InfraBackupVersion[]> {
  const rs = await db.execute({
    sql: 'SELECT version, received_at, size_bytes FROM infra_backups WHERE customer_id = ? ORDER BY version DESC',
    args: [customerId],
  })
  return rs.rows.map((r) => ({
    version: Number(r.version),
    receivedAt: Number(r.received_at),
    sizeBytes: Number(r.size_bytes),
  }))
}
