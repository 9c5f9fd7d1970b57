// docs/migrating-from-go.md, followed once: a Go hub database (the fixture of test/support/
// go-hub-db.ts), its backup, the import's dry run, apply and second apply into a fresh data
// directory, the real hub started on the Go hub's own hub.yaml, and controllers that report and
// fetch their config with the credentials the Go hub gave them.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HUB_VERSION } from '../../lib/core/version.js'
import { fixtureInfraBackup, reportFor } from '../support/fixtures.js'
import { GO_CREDENTIALS, goFleet, writeGoHubDb } from '../support/go-hub-db.js'
import { ROOT, runEntry, startHub, type HubProcess } from '../support/process.js'

const GO_HUB_YAML = join(ROOT, '../shared/fixtures/hub.go.yaml')
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

let hub: HubProcess | undefined
afterEach(() => {
  hub?.child.kill('SIGKILL')
  hub = undefined
})

describe('the migration guide, followed once', () => {
  it('moves a Go hub database over; controllers keep their old keys and passwords', async () => {
    const work = mkdtempSync(join(tmpdir(), 'felhom-hub-switch-'))
    // The switch, step 1: the Go hub is stopped and its database copied (and its checksum kept).
    const goDb = join(work, 'go-hub.db')
    writeGoHubDb(goDb, goFleet(Date.now()))
    const checksum = sha256(goDb)
    // The new hub's data directory, empty; the Go hub.yaml as it is, data_dir overridden.
    const vars = { HUB_CONFIG: GO_HUB_YAML, HUB_SERVER_DATA_DIR: join(work, 'data') }

    // Step 2: the dry run says per table what it would do, and writes nothing.
    const dry = await runEntry('bin/import-go.ts', [goDb], vars, work)
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('customer_configs: managed customers with their credentials')
    expect(dry.stdout).toMatch(/^ {2}3 rows; 3 to import, 0 already here, 0 skipped$/m)
    expect(dry.stdout).toContain('  maps     api_key → api_key_digest (SHA-256) and the sealed credentials')
    expect(dry.stdout).toContain('  ignores  notes (no counterpart in this hub)')
    expect(dry.stdout).toContain('  skips    2 row(s): older than the latest 10 versions of its customer')
    expect(dry.stdout).toContain('Not read: sessions')
    expect(dry.stdout).toMatch(/Dry run: \d+ rows would be imported\. Nothing written/)
    for (const creds of Object.values(GO_CREDENTIALS))
      expect(dry.stdout + dry.stderr).not.toContain(creds.api_key)

    // Step 3: apply, then apply again: nothing left to do.
    const apply = await runEntry('bin/import-go.ts', [goDb, '--apply'], vars, work)
    expect(apply.code, apply.stderr).toBe(0)
    expect(apply.stdout).toMatch(/Applied in one transaction: \d+ rows imported\./)
    const again = await runEntry('bin/import-go.ts', [goDb, '--apply'], vars, work)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain('Nothing to import: everything is already here.')

    // Steps 4 and 5: the real hub on that data directory; DNS now sends the controllers here.
    hub = await startHub({ HUB_CONFIG: GO_HUB_YAML }, work)
    expect(await (await fetch(`${hub.url}/healthz`)).json()).toEqual({ status: 'ok', version: HUB_VERSION })
    for (const [id, creds] of Object.entries(GO_CREDENTIALS)) {
      const report = await fetch(`${hub.url}/api/v1/report`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${creds.api_key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(reportFor(id)),
      })
      expect([id, report.status]).toEqual([id, 200])
      const config = await fetch(`${hub.url}/api/v1/config/${id}`, {
        headers: { 'X-Retrieval-Password': creds.retrieval_password },
      })
      // nagy-bt was blocked on the Go hub and still is: its reports are stored, its config is not served.
      expect([id, config.status]).toEqual([id, id === 'nagy-bt' ? 403 : 200])
      if (config.status === 200) expect(await config.text()).toContain(`api_key: "${creds.api_key}"`)
    }
    // A controller whose system drive died gets its infrastructure snapshot back.
    const kovacs = GO_CREDENTIALS['kovacs-csalad']
    const backup = await fetch(`${hub.url}/api/v1/infra-backup/kovacs-csalad`, {
      headers: { Authorization: `Bearer ${kovacs.api_key}` },
    })
    expect(backup.status).toBe(200)
    const payload = await backup.json()
    expect(payload.version).toBe(12)
    expect(payload.restic).toEqual(fixtureInfraBackup().restic)
    expect(payload.controller_yaml_b64).toBe(fixtureInfraBackup().controller_yaml_b64)

    // Step 6 stays possible: the Go database was only ever read.
    expect(sha256(goDb)).toBe(checksum)
    expect(hub.output()).not.toContain(kovacs.api_key)
  })
})
