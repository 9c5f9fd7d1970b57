// The metrics as Prometheus's own tool sees them: `promtool check metrics` on a real scrape of a
// running hub, and the shipped alerting rules checked and unit-tested with `promtool test rules`.
// promtool is required, not optional: without it these tests fail and say how to install it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { reportFor } from '../support/fixtures.js'
import { ROOT, startHub, type HubProcess } from '../support/process.js'
import { MONITORING_DIR } from './manifests.js'

const KEY = 'prometheus-test-global-key'
const CRON = 'prometheus-test-cron-token'
const METRICS = 'prometheus-test-metrics-token'

function promtool(args: string[], input?: string) {
  const run = spawnSync('promtool', args, { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 })
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new Error(
      'promtool is not installed: apt-get install -y prometheus (Debian ships /usr/bin/promtool in it; .ci/run installs it)',
    )
  if (run.error) throw run.error
  return { code: run.status, output: `${run.stdout}${run.stderr}`.trim() }
}

let hub: HubProcess | undefined
afterEach(() => {
  hub?.child.kill('SIGKILL')
  hub = undefined
})

describe('promtool', () => {
  it('finds nothing to warn about in a scrape of a running hub that has seen traffic', async () => {
    hub = await startHub({
      HUB_API_REPORT_API_KEY: KEY,
      HUB_SERVER_CRON_TOKEN: CRON,
      HUB_SERVER_METRICS_TOKEN: METRICS,
    })
    const post = (path: string, token: string, body?: unknown) =>
      fetch(`${hub!.url}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    for (const id of ['kovacs-csalad', 'nagy-bt'])
      expect((await post('/api/v1/report', KEY, reportFor(id))).status).toBe(200)
    const event = {
      customer_id: 'nagy-bt',
      event_type: 'backup_failed',
      severity: 'error',
      message: 'restic exited 1',
    }
    expect((await post('/api/v1/event', KEY, event)).status).toBe(201)
    expect((await post('/internal/cron/staleness', CRON)).status).toBe(200)
    expect((await fetch(`${hub.url}/no-such-page`)).status).toBe(404)

    const res = await fetch(`${hub.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS}` } })
    expect(res.status).toBe(200)
    const scrape = await res.text()
    // The traffic shows in the scrape, under the hub's own job label.
    expect(scrape).toMatch(/^hub_reports_ingested_total 2$/m)
    expect(scrape).toMatch(/^hub_job_runs_total\{job_name="staleness",result="ok"\} 1$/m)
    expect(scrape).toMatch(/^hub_job_last_success_timestamp_seconds\{job_name="staleness"\} \d/m)
    expect(scrape).toContain('# TYPE nodejs_gc_duration_seconds histogram')

    expect(promtool(['check', 'metrics'], scrape)).toEqual({ code: 0, output: '' })
  })

  it('accepts the shipped alerting rules', () => {
    const { code, output } = promtool(['check', 'rules', join(MONITORING_DIR, 'prometheus-rules.yaml')])
    expect(output).toContain('SUCCESS')
    expect(code).toBe(0)
  })

  it('passes the rules’ unit tests, the job that never succeeded included', () => {
    const { code, output } = promtool(['test', 'rules', join(MONITORING_DIR, 'prometheus-rules.test.yaml')])
    expect(output).toContain('SUCCESS')
    expect(code).toBe(0)
  })

  it('accepts the scrape configuration docs/metrics.md shows, under the job name the rules expect', () => {
    const doc = readFileSync(join(ROOT, 'docs/metrics.md'), 'utf8')
    const block = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].find((m) => m[1].includes('scrape_configs:'))
    const config = parse(block![1])
    const [job] = config.scrape_configs
    expect(job.job_name).toBe('felhom-hub')
    expect(job.static_configs[0].targets).toEqual(['felhom-hub.felhom-system.svc:8080'])
    expect(job.authorization.credentials_file).toMatch(/HUB_SERVER_METRICS_TOKEN$/)
    // promtool checks that the files exist: point them at a token file and the repository's rules.
    const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-promcfg-'))
    writeFileSync(join(dir, 'token'), 'metrics-token\n')
    job.authorization.credentials_file = join(dir, 'token')
    config.rule_files = [resolve(ROOT, MONITORING_DIR, 'prometheus-rules.yaml')]
    writeFileSync(join(dir, 'prometheus.yml'), stringify(config))
    const { code, output } = promtool(['check', 'config', join(dir, 'prometheus.yml')])
    expect(output).toContain('SUCCESS')
    expect(code).toBe(0)
  })
})
