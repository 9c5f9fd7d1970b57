// The infra backup holds restic passwords and tokens: none of their bytes may be readable in the
// database file, its WAL, or a copy of them.
import { readFileSync, existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { testEnv } from '../../support/env.js'
import { managedCustomer } from '../../support/factories.js'
import { fixtureInfraBackup } from '../../support/fixtures.js'
import { callJson } from '../../support/http.js'

const CANARY = 'canary-restic-pw-7f3a9b2c4d5e6f1a'

function fileBytes(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0)
}

describe('secrets at rest', () => {
  it('keeps a pushed restic password out of hub.db and hub.db-wal, in any common encoding', async () => {
    const env = await testEnv()
    const backup = fixtureInfraBackup()
    backup.restic.primary_password = CANARY
    backup.restic.crossdrive_password = CANARY + '-x'
    // With an Idempotency-Key, so the key's row (a digest of this body) is searched too.
    const headers = { 'Idempotency-Key': 'backup-2026-11-29' }
    expect((await callJson(env, 'POST', '/api/v1/infra-backup', { body: backup, headers })).status).toBe(201)
    // Prove the canary is retrievable (so the search below looks for something that was stored).
    const back = await callJson(env, 'GET', '/api/v1/infra-backup/kovacs-csalad')
    expect(back.json.restic.primary_password).toBe(CANARY)

    const files = Buffer.concat([fileBytes(env.dbPath), fileBytes(env.dbPath + '-wal')])
    expect(files.length).toBeGreaterThan(0)
    for (const needle of [
      CANARY,
      Buffer.from(CANARY).toString('base64').slice(0, 20),
      Buffer.from(CANARY, 'utf16le').toString('latin1'),
    ]) {
      expect(files.includes(Buffer.from(needle, 'latin1'))).toBe(false)
    }
    // The fixture's own secrets (inside controller_yaml_b64) are sealed too.
    expect(files.includes(Buffer.from(backup.controller_yaml_b64.slice(0, 40)))).toBe(false)
  })

  it('keeps customer API keys, retrieval passwords and tokens out of the database files', async () => {
    const env = await testEnv()
    const creds = await managedCustomer(env, 'kovacs-csalad', { tunnelToken: 'canary-tunnel-token-123456' })
    const files = Buffer.concat([fileBytes(env.dbPath), fileBytes(env.dbPath + '-wal')])
    for (const needle of [creds.api_key, creds.retrieval_password, 'canary-tunnel-token-123456']) {
      expect(files.includes(Buffer.from(needle))).toBe(false)
    }
  })

  it('refuses to decrypt a backup row moved to another customer', async () => {
    const env = await testEnv()
    await callJson(env, 'POST', '/api/v1/infra-backup', { body: fixtureInfraBackup() })
    await env.db.execute("UPDATE infra_backups SET customer_id = 'attacker-bt'")
    const res = await callJson(env, 'GET', '/api/v1/infra-backup/attacker-bt')
    expect(res.status).toBe(404)
    expect(res.json.error.message).toMatch(/cannot be read: it cannot be decrypted/)
    expect(res.text).not.toContain(fixtureInfraBackup().restic.primary_password)
    expect(res.text).not.toMatch(/at .*\.ts|stack|OperationError/i)
  })
})
