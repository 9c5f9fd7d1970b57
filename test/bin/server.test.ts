// The real process: a real socket, SIGTERM with a request in flight, a bad hub.yaml.
import { request } from 'node:http'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterEach, describe, expect, it } from 'vitest'
import { reportFor } from '../support/fixtures.js'
import { goFleet, writeGoHubDb } from '../support/go-hub-db.js'
import { ROOT, runEntry, startHub, type HubProcess } from '../support/process.js'
import { HUB_VERSION } from '../../lib/version.js'

const KEY = 'process-test-global-key'
let hub: HubProcess | undefined
afterEach(() => {
  hub?.child.kill('SIGKILL')
  hub = undefined
})

describe('bin/server', () => {
  it('serves the API over a real socket on the embedded database', async () => {
    hub = await startHub({ HUB_API_REPORT_API_KEY: KEY })
    const health = await fetch(`${hub.url}/healthz`)
    expect(await health.json()).toEqual({ status: 'ok', version: HUB_VERSION })
    const res = await fetch(`${hub.url}/api/v1/report`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(reportFor('socket-test')),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const list = await (
      await fetch(`${hub.url}/api/v1/customers`, { headers: { Authorization: `Bearer ${KEY}` } })
    ).json()
    expect(list.customers[0].customer_id).toBe('socket-test')
    // The key never reaches the log.
    expect(hub.output()).not.toContain(KEY)
  })

  it('finishes a request in flight on SIGTERM, refuses new connections, closes the database and exits 0', async () => {
    hub = await startHub({ HUB_API_REPORT_API_KEY: KEY })
    const body = Buffer.from(JSON.stringify(reportFor('in-flight')))
    const url = new URL(`${hub.url}/api/v1/report`)
    const responded = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            Authorization: `Bearer ${KEY}`,
            'Content-Type': 'application/json',
            'Content-Length': body.length,
          },
        },
        (res) => {
          let text = ''
          res.on('data', (d) => (text += d))
          res.on('end', () => resolve({ status: res.statusCode!, body: text }))
        },
      )
      req.on('error', reject)
      // Half the body now, SIGTERM, then the rest.
      req.write(body.subarray(0, 100))
      setTimeout(() => {
        hub!.child.kill('SIGTERM')
        setTimeout(async () => {
          await expect(fetch(`${hub!.url}/healthz`)).rejects.toThrow()
          req.end(body.subarray(100))
        }, 300)
      }, 200)
    })
    const res = await responded
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body).ok).toBe(true)
    expect(await hub.exited).toBe(0)
    expect(hub.output()).toContain('"msg":"stopped"')

    const db = createClient({ url: `file:${join(hub.dataDir, 'data', 'hub.db')}` })
    const rs = await db.execute("SELECT count(*) AS n FROM customer_configs WHERE customer_id = 'in-flight'")
    expect(Number(rs.rows[0].n)).toBe(1)
    db.close()
  })

  it("starts on the Go hub's hub.yaml as it is, with only data_dir overridden as an operator would", async () => {
    hub = await startHub({
      HUB_CONFIG: join(ROOT, '../shared/fixtures/hub.go.yaml'),
      // The file's data_dir is /data: startHub sets HUB_SERVER_DATA_DIR to a temporary one, a free
      // port, and outside systems on a closed port, which is all it overrides.
    })
    const health = await fetch(`${hub.url}/healthz`)
    expect(health.status).toBe(200)
    const out = hub.output()
    // Every key of the file is understood: none is warned about as unknown and ignored.
    expect(out).not.toContain('unknown key')
    expect(out).not.toContain('ignored')
    expect(out).toContain(`"version":"${HUB_VERSION}"`)
    expect(out).toContain('"scheduler":"in-process"')
    hub.child.kill('SIGTERM')
    expect(await hub.exited).toBe(0)
  })

  it("refuses to start on the Go hub's own database, leaving the file as it was", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-godata-'))
    const goDb = join(dir, 'hub.db')
    writeGoHubDb(goDb, goFleet(Date.now()))
    const before = readFileSync(goDb)
    // The switch-day slip: the Go hub.yaml as it is, on the Go hub's volume.
    const { code, stderr } = await runEntry(
      'bin/server.ts',
      [],
      { HUB_CONFIG: join(ROOT, '../shared/fixtures/hub.go.yaml'), HUB_SERVER_DATA_DIR: dir },
      dir,
    )
    expect(code).toBe(2)
    expect(stderr).toContain("is the Go hub's database")
    expect(stderr).toContain('npm run import-go')
    expect(readFileSync(goDb).equals(before)).toBe(true)
    expect(existsSync(goDb + '-wal')).toBe(false)
  })

  it('refuses to start on an invalid hub.yaml, naming the key', async () => {
    const dir = (await import('node:fs')).mkdtempSync(
      join((await import('node:os')).tmpdir(), 'felhom-hub-badcfg-'),
    )
    writeFileSync(join(dir, 'hub.yaml'), 'alerting:\n  stale_threshold: "half an hour"\n')
    const { code, stderr } = await runEntry(
      'bin/server.ts',
      [],
      { HUB_CONFIG: join(dir, 'hub.yaml'), HUB_SERVER_DATA_DIR: dir },
      dir,
    )
    expect(code).toBe(2)
    expect(stderr).toContain('alerting.stale_threshold')
  })
})
