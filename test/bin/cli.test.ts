// The operator CLIs, run as processes against the same data directory as a running hub.
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
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

describe('the operator commands at a terminal', () => {
  const STACK_FRAME = /\bat .*\(.*:\d+:\d+\)/
  it.each([
    ['bin/customer.ts', 'npm run customer -- create <customer-id>'],
    ['bin/import-go.ts', 'npm run import-go -- <path to the Go hub.db>'],
    ['bin/hash-password.ts', 'npm run hash-password -- <password>'],
  ])('%s prints its usage for --help and does nothing else', async (script, usage) => {
    const help = await runEntry(script, ['--help'], {}, tmpdir())
    expect(help.code).toBe(0)
    expect(help.stdout).toContain(usage)
    expect(help.stdout).not.toContain('$2') // no bcrypt hash of the word "--help"
  })

  it.each([
    ['bin/customer.ts', ['create', 'x-bt', '--nmae', 'A'], '--nmae'],
    ['bin/import-go.ts', ['go.db', '--aply'], '--aply'],
  ])('%s names an unknown option over its usage, without a stack trace', async (script, args, option) => {
    const run = await runEntry(script, args, {}, tmpdir())
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`Unknown option '${option}'`)
    expect(run.stderr).toContain('usage:')
    expect(run.stderr).not.toMatch(STACK_FRAME)
  })
})

describe('npm run customer -- create with the credentials the controller holds', () => {
  const OLD = { key: 'go-kovacs-7Hq2Lx9Pz4Vb8Nc3Wd', pw: 'kovacs-Qm4Tz8Kw' }

  it('registers them while the hub runs, echoes no secret, and the controller keeps working unchanged', async () => {
    hub = await startHub()
    const vars = { HUB_SERVER_DATA_DIR: join(hub.dataDir, 'data') }
    const args = ['create', 'kovacs-csalad', '--name', 'Kovács család', '--api-key', OLD.key]
    const weak = await runEntry(
      'bin/customer.ts',
      [...args, '--retrieval-password', 'short'],
      vars,
      hub.dataDir,
    )
    expect(weak.code).toBe(1)
    expect(weak.stderr).toContain('retrieval_password: shorter than 12 characters')
    const { code, stdout } = await runEntry(
      'bin/customer.ts',
      [...args, '--retrieval-password', OLD.pw],
      vars,
      hub.dataDir,
    )
    expect(code).toBe(0)
    expect(stdout).toContain('with the API key and retrieval password its controller holds')
    expect(stdout).not.toContain(OLD.key)
    expect(stdout).not.toContain(OLD.pw)
    const config = await fetch(`${hub.url}/api/v1/config/kovacs-csalad`, {
      headers: { 'X-Retrieval-Password': OLD.pw },
    })
    expect(config.status).toBe(200)
    const report = await fetch(`${hub.url}/api/v1/report`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${OLD.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(reportFor('kovacs-csalad')),
    })
    expect(report.status).toBe(200)
  })
})

describe('npm run customer -- import', () => {
  it('dry-runs by default, applies with --apply, and a re-run says nothing changes', async () => {
    hub = await startHub()
    const vars = { HUB_SERVER_DATA_DIR: join(hub.dataDir, 'data') }
    const file = join(hub.dataDir, 'customers.json')
    const entries = [
      {
        customer_id: 'kovacs-csalad',
        display_name: 'Kovács család',
        api_key: 'go-kovacs-7Hq2Lx9Pz4Vb8Nc3Wd',
        retrieval_password: 'kovacs-Qm4Tz8Kw',
      },
      {
        customer_id: 'nagy-bt',
        api_key: 'go-nagy-R5tY8uI2oP6aS9dF3g',
        retrieval_password: 'nagy-Zx7Cv2Bn5M',
      },
    ]
    writeFileSync(file, JSON.stringify(entries))
    const fetchConfig = () =>
      fetch(`${hub!.url}/api/v1/config/nagy-bt`, { headers: { 'X-Retrieval-Password': 'nagy-Zx7Cv2Bn5M' } })

    const dry = await runEntry('bin/customer.ts', ['import', file], vars, hub.dataDir)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(/^create\s+kovacs-csalad\s+new managed customer$/m)
    expect(dry.stdout).toContain('Dry run: 2 to create, 0 to update, 0 unchanged, 0 refused. Nothing written')
    expect((await fetchConfig()).status).toBe(401)

    const applied = await runEntry('bin/customer.ts', ['import', file, '--apply'], vars, hub.dataDir)
    expect(applied.code).toBe(0)
    expect(applied.stdout).toContain('Applied: 2 created, 0 updated, 0 unchanged (skipped).')
    expect((await fetchConfig()).status).toBe(200)

    const again = await runEntry('bin/customer.ts', ['import', file, '--apply'], vars, hub.dataDir)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Nothing to change: all 2 customers are already as')
    for (const run of [dry, applied, again]) expect(run.stdout + run.stderr).not.toContain('Zx7Cv2Bn5M')

    writeFileSync(
      file,
      JSON.stringify([...entries, { customer_id: 'gyenge', api_key: 'short', retrieval_password: 'x' }]),
    )
    const refused = await runEntry('bin/customer.ts', ['import', file, '--apply'], vars, hub.dataDir)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/^REFUSED\s+gyenge\s+api_key: shorter than 24 characters/m)
    expect(refused.stdout).toContain('Nothing written')
  })
})

describe('npm run customer -- purge', () => {
  it('says what it would erase without --yes, and erases it all with --yes, leaving the others', async () => {
    hub = await startHub({ HUB_API_REPORT_API_KEY: 'cli-global' })
    const vars = { HUB_SERVER_DATA_DIR: join(hub.dataDir, 'data') }
    for (const id of ['torlendo', 'marado']) {
      const res = await fetch(`${hub.url}/api/v1/report`, {
        method: 'POST',
        headers: { Authorization: 'Bearer cli-global', 'Content-Type': 'application/json' },
        body: JSON.stringify(reportFor(id)),
      })
      expect(res.status).toBe(200)
    }
    const asked = await runEntry('bin/customer.ts', ['purge', 'torlendo'], vars, hub.dataDir)
    expect(asked.code).toBe(1)
    expect(asked.stdout).toContain('Would erase everything the hub holds for torlendo: samples 1, reports 1')
    expect(asked.stdout).toContain('Nothing erased')
    const history = () =>
      fetch(`${hub!.url}/api/v1/customers/torlendo/history`, {
        headers: { Authorization: 'Bearer cli-global' },
      })
    expect((await history()).status).toBe(200)

    const done = await runEntry('bin/customer.ts', ['purge', 'torlendo', '--yes'], vars, hub.dataDir)
    expect(done.code).toBe(0)
    expect(done.stdout).toContain(
      'Purged torlendo: samples 1, reports 1, disk_usage 3, state_changes 1, customer_configs 1',
    )
    expect((await history()).status).toBe(404)
    const list = await (
      await fetch(`${hub.url}/api/v1/customers`, { headers: { Authorization: 'Bearer cli-global' } })
    ).json()
    expect(list.customers.map((c: { customer_id: string }) => c.customer_id)).toEqual(['marado'])
  })
})

describe('the CLIs, given an option they do not know or one without its value', () => {
  it.each([
    ['bin/customer.ts', ['create', 'kovacs-csalad', '--name'], 'npm run customer -- create'],
    ['bin/totp.ts', ['status', '--yes'], 'npm run totp -- reset'],
    ['bin/import-go.ts', ['--dry-run', 'hub.db'], 'npm run import-go'],
  ])(
    '%s %j says what is wrong and its usage, with exit code 2 and no stack trace',
    async (script, args, usage) => {
      const res = await runEntry(script, args, {}, process.cwd())
      expect(res.code).toBe(2)
      expect(res.stderr).toContain(usage)
      expect(res.stderr).toMatch(/option|argument/i)
      expect(res.stderr).not.toMatch(/\n\s+at /)
    },
  )
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
