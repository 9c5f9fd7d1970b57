// The operator CLIs, run as processes against the same data directory as a running hub.
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import { afterEach, describe, expect, it } from 'vitest'
import { reportFor } from '../support/fixtures.js'
import { runEntry, startHub, type HubProcess } from '../support/process.js'

let hub: HubProcess | undefined
afterEach(() => {
  hub?.child.kill('SIGKILL')
  hub = undefined
})

describe('npm run customer -- create', () => {
  it('creates a managed customer while the hub runs; its credentials work at once', async () => {
    hub = await startHub({ HUB_API_REPORT_API_KEY: 'cli-global' })
    const vars = { HUB_SERVER_DATA_DIR: join(hub.dataDir, 'data') }
    const { code, stdout } = await runEntry(
      'bin/customer.ts',
      ['create', 'kovacs-csalad', '--name', 'Kovács család', '--json'],
      vars,
      hub.dataDir,
    )
    expect(code).toBe(0)
    const creds = JSON.parse(stdout.trim())
    expect(Object.keys(creds).sort()).toEqual(['api_key', 'customer_id', 'retrieval_password'])
    expect(creds.customer_id).toBe('kovacs-csalad')

    const config = await fetch(`${hub.url}/api/v1/config/kovacs-csalad`, {
      headers: { 'X-Retrieval-Password': creds.retrieval_password },
    })
    expect(config.status).toBe(200)
    const yaml = await config.text()
    expect(yaml).toContain('name: "Kovács család"')
    expect(yaml).toContain(`api_key: "${creds.api_key}"`)

    const report = await fetch(`${hub.url}/api/v1/report`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${creds.api_key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(reportFor('kovacs-csalad')),
    })
    expect(report.status).toBe(200)
    const list = await (
      await fetch(`${hub.url}/api/v1/customers`, { headers: { Authorization: 'Bearer cli-global' } })
    ).json()
    expect(list.customers[0]).toMatchObject({
      customer_id: 'kovacs-csalad',
      config_type: 'managed',
      display_name: 'Kovács család',
    })
  })

  it('refuses a duplicate and an invalid id with a non-zero exit', async () => {
    hub = await startHub()
    const vars = { HUB_SERVER_DATA_DIR: join(hub.dataDir, 'data') }
    expect(
      (await runEntry('bin/customer.ts', ['create', 'dup-bt', '--name', 'A'], vars, hub.dataDir)).code,
    ).toBe(0)
    const again = await runEntry('bin/customer.ts', ['create', 'dup-bt', '--name', 'A'], vars, hub.dataDir)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already has a managed config')
    const bad = await runEntry('bin/customer.ts', ['create', 'Bad_ID'], vars, hub.dataDir)
    expect(bad.code).toBe(2)
  })
})

describe('npm run hash-password', () => {
  it('prints a bcrypt hash that verifies the password', async () => {
    const { code, stdout } = await runEntry('bin/hash-password.ts', ['correct horse'], {}, process.cwd())
    expect(code).toBe(0)
    const hash = stdout.trim()
    expect(hash).toMatch(/^\$2[ab]\$12\$/)
    expect(await bcrypt.compare('correct horse', hash)).toBe(true)
    expect(await bcrypt.compare('wrong horse', hash)).toBe(false)
  })
})
