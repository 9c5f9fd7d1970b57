// k8s/, validated as data: every document parsed with `yaml`, core kinds checked against the
// Kubernetes schemas (kubernetes-models), and the parts that must agree with the code (probe
// paths, public routes, cron jobs, hub.yaml keys) resolved against the real route table.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule'
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor'
import bcrypt from 'bcryptjs'
import { Cron } from 'croner'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { CronJob } from 'kubernetes-models/batch/v1/CronJob'
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress'
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { Namespace } from 'kubernetes-models/v1/Namespace'
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim'
import { Secret } from 'kubernetes-models/v1/Secret'
import { Service } from 'kubernetes-models/v1/Service'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { router } from '../../functions/routes.js'
import { clientOf, setPeer } from '../../lib/auth/forwarded.js'
import { ConfigError, loadConfig, parseListen } from '../../lib/core/config.js'
import { prometheusMetrics } from '../../lib/node/metrics.js'
import { jobSchedules, latestSlot } from '../../lib/jobs/schedule.js'
import { reportFor } from '../support/fixtures.js'
import { CRON_TOKEN, testEnv } from '../support/env.js'
import { call, callJson } from '../support/http.js'
import {
  byKind,
  ingressMatches,
  isPinned,
  kustomization,
  loadManifests,
  manifestFiles,
  MONITORING_DIR,
  NAMESPACE,
  one,
  selects,
} from './manifests.js'

const all = loadManifests()
const deployment = one(all, 'Deployment', 'hub')
const pod = deployment.spec.template.spec
const hub = pod.containers.find((c: any) => c.name === 'hub')
const service = one(all, 'Service', 'felhom-hub')
const secret = one(all, 'Secret', 'felhom-hub-secrets')
const configMap = one(all, 'ConfigMap', 'felhom-hub-config')
const cronJobs = byKind(all, 'CronJob')
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  Namespace,
  Secret,
  ConfigMap,
  PersistentVolumeClaim,
  Deployment,
  Service,
  Ingress,
  NetworkPolicy,
  CronJob,
}

const containerPort = (c: any, port: string | number) =>
  typeof port === 'number' ? port : c.ports.find((p: any) => p.name === port)?.containerPort
const jobOf = (cj: any) =>
  new URL(envOf(cj.spec.jobTemplate.spec.template.spec.containers[0]).CRON_URL).pathname.split('/').pop()!
function envOf(c: any): Record<string, any> {
  return Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]))
}
/** Realistic secret values, so that hub.yaml + Secret keys can be loaded as the pod would. */
const realSecrets = () => ({
  HUB_API_REPORT_API_KEY: 'k'.repeat(40),
  HUB_SERVER_SECRET_KEY: 's'.repeat(64),
  HUB_SERVER_CRON_TOKEN: 'c'.repeat(48),
  HUB_SERVER_METRICS_TOKEN: 'm'.repeat(48),
  HUB_NOTIFICATIONS_RESEND_API_KEY: 're_' + 'r'.repeat(30),
  HUB_AUTH_PASSWORD_HASH: bcrypt.hashSync('correct horse', 4),
  HUB_REGISTRY_TOKEN: 't'.repeat(40),
})

describe('k8s manifests', () => {
  it('are all listed in kustomization.yaml, which sets the namespace', () => {
    const k = kustomization()
    expect(k.kind).toBe('Kustomization')
    expect(k.namespace).toBe(NAMESPACE)
    expect([...k.resources].sort()).toEqual(manifestFiles())
  })

  it('validate against the Kubernetes schemas and carry the required metadata', () => {
    const kinds = new Set(all.map((m) => m.kind))
    for (const kind of [
      'Namespace',
      'Secret',
      'ConfigMap',
      'PersistentVolumeClaim',
      'Deployment',
      'Service',
      'Ingress',
      'NetworkPolicy',
      'CronJob',
      'Middleware',
    ]) {
      expect(kinds, kind).toContain(kind)
    }
    for (const m of all) {
      expect(m.apiVersion, `${m.file} ${m.kind}`).toBeTruthy()
      expect(m.metadata?.name, `${m.file} ${m.kind}`).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
      if (m.kind !== 'Namespace') expect(m.metadata.namespace, `${m.file} ${m.metadata.name}`).toBe(NAMESPACE)
      const Model = MODELS[m.kind]
      if (Model) {
        const { file, ...doc } = m
        expect(() => new Model(doc).validate(), `${file} ${m.kind}/${m.metadata.name}`).not.toThrow()
      }
    }
    expect(one(all, 'Namespace').metadata.name).toBe(NAMESPACE)
  })

  it('pin every container image to a tag (never latest, never untagged)', () => {
    const containers = [
      ...pod.containers,
      ...(pod.initContainers ?? []),
      ...cronJobs.flatMap((c) => c.spec.jobTemplate.spec.template.spec.containers),
    ]
    expect(containers.length).toBe(1 + cronJobs.length)
    for (const c of containers) expect(isPinned(c.image), c.image).toBe(true)
    expect(isPinned('curlimages/curl'), 'self-check').toBe(false)
    expect(isPinned('registry:5000/hub:latest'), 'self-check').toBe(false)
  })
})

describe('the Deployment', () => {
  it('runs one replica with Recreate, the agreed resources and a grace period for draining', () => {
    expect(deployment.spec.replicas).toBe(1)
    expect(deployment.spec.strategy.type).toBe('Recreate')
    expect(selects(deployment.spec.selector, deployment.spec.template.metadata.labels)).toBe(true)
    expect(hub.resources).toEqual({
      // From measured resident memory (README, "Memory"): idle ~87-97 MiB, settled after load
      // ~120 MiB, peaks 122-129 MiB (ingest, 10,000 customers, the night's snapshot and prune).
      requests: { memory: '128Mi', cpu: '50m' },
      limits: { memory: '192Mi', cpu: '500m' },
    })
    // bin/server.ts drains for up to 25 s after SIGTERM.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30)
  })

  it('probes a route that answers 200 on a working hub', async () => {
    const env = await testEnv()
    for (const probe of [hub.readinessProbe, hub.livenessProbe]) {
      expect(probe?.httpGet).toBeDefined()
      expect(containerPort(hub, probe.httpGet.port)).toBe(8080)
      expect((await call(env, 'GET', probe.httpGet.path, { key: null })).status).toBe(200)
    }
  })

  it('runs non-root on a read-only root filesystem without privileges', () => {
    expect(pod.securityContext.runAsNonRoot).toBe(true)
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0)
    expect(hub.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    })
    const tmp = hub.volumeMounts.find((v: any) => v.mountPath === '/tmp')
    expect(pod.volumes.find((v: any) => v.name === tmp?.name)?.emptyDir).toBeDefined()
  })

  it('keeps the database on the Longhorn claim at /data', () => {
    const pvc = one(all, 'PersistentVolumeClaim')
    expect(pvc.spec).toMatchObject({
      storageClassName: 'longhorn',
      accessModes: ['ReadWriteOncePod'],
      resources: { requests: { storage: '1Gi' } },
    })
    const data = hub.volumeMounts.find((v: any) => v.mountPath === '/data')
    expect(pod.volumes.find((v: any) => v.name === data.name).persistentVolumeClaim.claimName).toBe(
      pvc.metadata.name,
    )
  })

  it('reads hub.yaml from the ConfigMap and secrets from the Secret into a valid configuration', () => {
    const env = envOf(hub)
    const mount = hub.volumeMounts.find((v: any) => env.HUB_CONFIG.startsWith(v.mountPath + '/'))
    const volume = pod.volumes.find((v: any) => v.name === mount.name)
    expect(volume.configMap.name).toBe(configMap.metadata.name)
    const key = env.HUB_CONFIG.slice(mount.mountPath.length + 1)
    expect(volume.configMap.items.find((i: any) => i.path === key).key).toBe('hub.yaml')
    expect(hub.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }])
    expect(Object.keys(secret.stringData).sort()).toEqual(Object.keys(realSecrets()).sort())

    // With real values in the Secret, every variable names a hub.yaml key and the file is valid.
    const { config, warnings } = loadConfig(configMap.data['hub.yaml'], { ...env, ...realSecrets() })
    expect(warnings).toEqual([])
    expect(config.server.data_dir).toBe('/data')
    expect(parseListen(config.server.listen).port).toBe(containerPort(hub, 'http'))
    expect(config.server.database_url).toBe('')
    // The placeholders cannot go live: the hub refuses to start with them.
    expect(() => loadConfig(configMap.data['hub.yaml'], { ...env, ...secret.stringData })).toThrow(
      ConfigError,
    )
  })

  it('trusts only k3s’s pod CIDR, so the client address Traefik forwards is believed and a direct one is not', () => {
    const { config } = loadConfig(configMap.data['hub.yaml'], realSecrets())
    const client = (peer: string) => {
      const req = new Request('http://felhom-hub.felhom-system.svc:8080/login', {
        headers: { 'X-Forwarded-For': '192.0.2.1, 198.51.100.7', 'X-Forwarded-Proto': 'https' },
      })
      setPeer(req, peer)
      return clientOf(req, config.server.trusted_proxies)
    }
    // Traefik's pod (k3s's default cluster-cidr), over IPv4 or as a dual-stack socket reports it.
    expect(client('10.42.0.15')).toEqual({ ip: '198.51.100.7', secure: true })
    expect(client('::ffff:10.42.1.4')).toEqual({ ip: '198.51.100.7', secure: true })
    // A node address or anything else that reaches the pod speaks only for itself.
    expect(client('192.168.1.10')).toEqual({ ip: '192.168.1.10', secure: false })
    expect(client('10.43.0.10')).toEqual({ ip: '10.43.0.10', secure: false })
  })

  it("keeps the Go hub's runbook working: deploy/hub, container hub, pods labelled app=hub", () => {
    // kubectl set image deploy/hub hub=… · kubectl rollout status deploy/hub · kubectl logs -l app=hub
    expect(deployment.metadata.name).toBe('hub')
    expect(pod.containers.map((c: any) => c.name)).toContain('hub')
    const podLabels = deployment.spec.template.metadata.labels
    expect(podLabels).toMatchObject({
      app: 'hub',
      'app.kubernetes.io/name': 'felhom-hub',
      'app.kubernetes.io/component': 'server',
      'app.kubernetes.io/part-of': 'felhom',
    })
    expect(deployment.spec.selector.matchLabels.app).toBe('hub')
    expect(deployment.metadata.labels!.app).toBe('hub')
    // `-l app=hub` finds the hub's pods and nothing else (the cron pods are not the hub).
    const appHub = { matchLabels: { app: 'hub' } }
    expect(selects(appHub, podLabels)).toBe(true)
    for (const cj of cronJobs)
      expect(selects(appHub, cj.spec.jobTemplate.spec.template.metadata.labels), cj.metadata.name).toBe(false)
    // Everything that picks the hub's pods picks them by app=hub too.
    expect(service.spec.selector.app).toBe('hub')
    expect(one(all, 'NetworkPolicy').spec.podSelector.matchLabels.app).toBe('hub')
  })

  it('leaves the scheduling to the CronJobs (server.scheduler: external), on the schedules the hub computes', () => {
    const { config } = loadConfig(configMap.data['hub.yaml'], {})
    expect(config.server.scheduler).toBe('external')
    // A CronJob calling a job claims the slot the hub computes for it: both must agree.
    const schedules = jobSchedules(config)
    for (const cj of cronJobs) {
      const job = jobOf(cj) as keyof typeof schedules
      if (job === ('tick' as string)) continue
      const cron = { pattern: cj.spec.schedule, timezone: cj.spec.timeZone ?? 'UTC' }
      for (
        let t = Date.parse('2026-10-24T00:00:00Z');
        t < Date.parse('2026-10-26T00:00:00Z');
        t += 7 * 60_000
      ) {
        expect(
          latestSlot(schedules[job], new Date(t)),
          `${cj.metadata.name} at ${new Date(t).toISOString()}`,
        ).toBe(latestSlot(cron, new Date(t)))
      }
    }
  })

  it('is reached through a Service whose port names the container port', () => {
    expect(selects({ matchLabels: service.spec.selector }, deployment.spec.template.metadata.labels)).toBe(
      true,
    )
    const [port] = service.spec.ports
    expect(containerPort(hub, port.targetPort)).toBe(8080)
  })
})

describe('the Ingress', () => {
  const ingress = one(all, 'Ingress')
  const rules = ingress.spec.rules.flatMap((r: any) => r.http.paths)
  const routed = (path: string) => rules.some((r: any) => ingressMatches(r, path))
  // itty stores '/' as ''.
  const samplePath = (pattern: string) => pattern.replace(/:\w+\??/g, 'x').replace(/\*+/g, 'x') || '/'

  it('serves hub.felhom.eu with cert-manager TLS through the Hungary-only middleware', () => {
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual(['hub.felhom.eu'])
    expect(ingress.spec.tls).toEqual([{ hosts: ['hub.felhom.eu'], secretName: expect.any(String) }])
    expect(ingress.metadata.annotations!['cert-manager.io/cluster-issuer']).toBeTruthy()
    const middleware = one(all, 'Middleware')
    expect(middleware.apiVersion).toBe('traefik.io/v1alpha1')
    expect(
      ingress.metadata.annotations!['traefik.ingress.kubernetes.io/router.middlewares'].split(','),
    ).toContain(`${middleware.metadata.namespace}-${middleware.metadata.name}@kubernetescrd`)
    expect(middleware.spec.plugin.geoblock).toMatchObject({
      countries: ['HU'],
      allowUnknownCountries: false,
      allowLocalRequests: true,
    })
    for (const r of rules) {
      expect(r.backend.service.name).toBe(service.metadata.name)
      expect(service.spec.ports.map((p: any) => p.name)).toContain(r.backend.service.port.name)
    }
  })

  it('routes every public route of the hub and never /internal or /metrics', () => {
    const patterns = [...new Set(router.routes.map((r) => r[3] as string))]
    const internal = patterns.filter((p) => /^\/(internal|metrics)(\/|$)/.test(p))
    expect(internal).toContain('/internal/cron/:job')
    for (const p of patterns) {
      expect(routed(samplePath(p)), p).toBe(!internal.includes(p))
    }
    for (const path of ['/internal', '/internal/cron/tick', '/metrics', '/internal/../metrics'])
      expect(routed(path), path).toBe(false)
  })
})

describe('the NetworkPolicy', () => {
  const policy = one(all, 'NetworkPolicy')
  const allowsFromPod = (labels: Record<string, string>) =>
    policy.spec.ingress.some((rule: any) =>
      rule.from.some((f: any) => !f.namespaceSelector && f.podSelector && selects(f.podSelector, labels)),
    )

  it('guards the hub pods, letting in only Traefik from kube-system and the cron pods, on the hub port', () => {
    expect(selects(policy.spec.podSelector, deployment.spec.template.metadata.labels)).toBe(true)
    expect(policy.spec.policyTypes).toEqual(['Ingress'])
    for (const rule of policy.spec.ingress) expect(rule.ports).toEqual([{ port: 8080, protocol: 'TCP' }])
    const fromOtherNamespace = policy.spec.ingress
      .flatMap((r: any) => r.from)
      .filter((f: any) => f.namespaceSelector)
    expect(fromOtherNamespace).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
      },
    ])
    for (const cj of cronJobs)
      expect(allowsFromPod(cj.spec.jobTemplate.spec.template.metadata.labels), cj.metadata.name).toBe(true)
    expect(allowsFromPod({ app: 'something-else' })).toBe(false)
    expect(allowsFromPod(deployment.spec.template.metadata.labels)).toBe(false)
  })
})

describe('the CronJobs', () => {
  const expected = {
    tick: '* * * * *',
    staleness: '* * * * *',
    rollouts: '* * * * *',
    'backup-deadline': '0 5 * * *',
    prune: '30 4 * * *',
    'registry-check': '*/30 * * * *',
    'template-refresh': '0 * * * *',
    backup: '15 3 * * *',
    'drift-check': '0 6 * * *',
    'household-checks': '15 5 * * *',
    'monthly-report': '0 9 1 * *',
    'volume-watch': '0 * * * *',
  }

  it('run each job on its schedule, daily ones in Budapest time, never overlapping', () => {
    expect(Object.fromEntries(cronJobs.map((cj) => [jobOf(cj), cj.spec.schedule]))).toEqual(expected)
    for (const cj of cronJobs) {
      const daily = !cj.spec.schedule.split(' ')[1].includes('*')
      expect(cj.spec.timeZone, cj.metadata.name).toBe(daily ? 'Europe/Budapest' : undefined)
      const cron = new Cron(cj.spec.schedule, { timezone: cj.spec.timeZone ?? 'UTC', mode: '5-part' })
      const [a, b] = cron.nextRuns(2, new Date('2026-11-29T04:30:00Z'))
      expect(a, cj.metadata.name).toBeInstanceOf(Date)
      expect(cj.spec.concurrencyPolicy).toBe('Forbid')
      // Late by more than one period is better skipped: the next run (or tick) catches up.
      expect(cj.spec.startingDeadlineSeconds).toBeGreaterThan(0)
      expect(cj.spec.startingDeadlineSeconds * 1000).toBeLessThanOrEqual(b.getTime() - a.getTime())
    }
    const prune = cronJobs.find((cj) => jobOf(cj) === 'prune')!
    expect(loadConfig(configMap.data['hub.yaml'], {}).config.retention.prune_schedule).toBe(
      prune.spec.schedule,
    )
  })

  it('call the Service directly with the cron token from the Secret, failing on any error', () => {
    for (const cj of cronJobs) {
      const spec = cj.spec.jobTemplate.spec.template.spec
      const [c] = spec.containers
      const url = new URL(envOf(c).CRON_URL)
      expect(url.hostname).toBe(`${service.metadata.name}.${NAMESPACE}.svc`)
      expect(Number(url.port)).toBe(service.spec.ports[0].port)
      expect(url.pathname).toMatch(/^\/internal\/cron\/[a-z-]+$/)
      const token = envOf(c).HUB_CRON_TOKEN.secretKeyRef
      expect(token).toEqual({ name: secret.metadata.name, key: 'HUB_SERVER_CRON_TOKEN' })
      expect(c.image).toMatch(/^curlimages\/curl:8\.\d+\.\d+$/)
      const script = [...c.command, ...c.args].join(' ')
      expect(script).toMatch(/--fail(-with-body)?\b/)
      expect(script).toMatch(/-X POST "\$CRON_URL"/)
      expect(script).not.toMatch(/Bearer \$\(|--header[= ]"?Authorization/) // the token never on a command line
      expect(spec.restartPolicy).toBe('Never')
      expect(spec.securityContext.runAsNonRoot).toBe(true)
    }
  })

  it('name jobs the hub knows: the cron route runs each with the token instead of answering 404', async () => {
    const env = await testEnv({
      config: { registry: { url: 'http://127.0.0.1:1', template_url: 'http://127.0.0.1:1/t.yaml' } },
    })
    // `backup` writes a snapshot; the next test covers it on its own.
    for (const job of cronJobs.map(jobOf).filter((j) => j !== 'backup')) {
      const res = await call(env, 'POST', `/internal/cron/${job}`, { key: CRON_TOKEN })
      expect(res.status, job).not.toBe(404)
      expect([401, 403], job).not.toContain(res.status)
    }
    expect((await call(env, 'POST', '/internal/cron/no-such-job', { key: CRON_TOKEN })).status).toBe(404)
  })

  it('name the backup job, which the hub runs through the cron route', async () => {
    const env = await testEnv()
    const res = await call(env, 'POST', '/internal/cron/backup', { key: CRON_TOKEN })
    expect(res.status).toBe(200)
  })
})

describe('metrics scraping', () => {
  const files = kustomization(MONITORING_DIR).resources as string[]
  const monitoring = loadManifests(MONITORING_DIR, files)
  const serviceMonitor = one(monitoring, 'ServiceMonitor', 'felhom-hub')
  const prometheusRule = one(monitoring, 'PrometheusRule', 'felhom-hub')
  const scrapePolicy = one(monitoring, 'NetworkPolicy')
  const podConfig = () => loadConfig(configMap.data['hub.yaml'], { ...envOf(hub), ...realSecrets() }).config

  it('keeps the optional Prometheus Operator manifests valid, in the hub namespace, apart from k8s/', () => {
    expect(kustomization(MONITORING_DIR).namespace).toBe(NAMESPACE)
    // Everything in k8s/monitoring/ is either applied by its kustomization or a plain rules file.
    expect(manifestFiles(MONITORING_DIR).filter((f) => !files.includes(f))).toEqual([
      'prometheus-rules.test.yaml',
      'prometheus-rules.yaml',
    ])
    expect(kustomization().resources).not.toContain('monitoring')
    for (const m of monitoring) expect(m.metadata.namespace, m.file).toBe(NAMESPACE)
    const { file: _sm, ...sm } = serviceMonitor
    expect(() => new ServiceMonitor(sm as any).validate()).not.toThrow()
    const { file: _pr, ...pr } = prometheusRule
    expect(() => new PrometheusRule(pr as any).validate()).not.toThrow()
    expect(() => new NetworkPolicy(scrapePolicy as any).validate()).not.toThrow()
  })

  it('gives the hub a read-only metrics token from the Secret, which scrapes and writes nothing', async () => {
    expect(secret.stringData.HUB_SERVER_METRICS_TOKEN).toBe('REPLACE_ME')
    const token = realSecrets().HUB_SERVER_METRICS_TOKEN
    const config = podConfig()
    expect(config.server.metrics_token).toBe(token)

    const env = await testEnv({ config: { server: { metrics_token: token } } })
    env.metrics = prometheusMetrics({ log: env.log, defaultMetrics: false })
    const scrape = await callJson(env, 'GET', serviceMonitor.spec.endpoints[0].path, { key: token })
    expect(scrape.status).toBe(200)
    expect(scrape.text).toContain('hub_customers')
    const write = await callJson(env, 'POST', '/api/v1/report', { key: token, body: reportFor('x-node') })
    expect(write.status).toBe(401)
  })

  it('has the ServiceMonitor scrape /metrics on the hub Service with that token from the Secret', () => {
    expect(selects(serviceMonitor.spec.selector, service.metadata.labels)).toBe(true)
    expect(serviceMonitor.spec.namespaceSelector).toBeUndefined() // its own namespace: the hub's
    const [endpoint] = serviceMonitor.spec.endpoints
    expect(serviceMonitor.spec.endpoints).toHaveLength(1)
    expect(service.spec.ports.map((p: any) => p.name)).toContain(endpoint.port)
    expect(endpoint.path).toBe('/metrics')
    expect(endpoint.authorization).toEqual({
      type: 'Bearer',
      credentials: { name: secret.metadata.name, key: 'HUB_SERVER_METRICS_TOKEN' },
    })
    expect(Object.keys(secret.stringData)).toContain(endpoint.authorization.credentials.key)
    expect(endpoint.bearerTokenSecret).toBeUndefined()
    // The rules select the scrape job by the Service's name, which Prometheus gives the job.
    expect(serviceMonitor.spec.jobLabel).toBeUndefined()
    expect(readFileSync(join(MONITORING_DIR, 'prometheus-rules.yaml'), 'utf8')).toContain(
      `up{job="${service.metadata.name}"}`,
    )
  })

  it('lets Prometheus reach the hub port with a second NetworkPolicy, leaving the main one as it is', () => {
    expect(selects(scrapePolicy.spec.podSelector, deployment.spec.template.metadata.labels)).toBe(true)
    expect(scrapePolicy.metadata.name).not.toBe(one(all, 'NetworkPolicy').metadata.name)
    expect(scrapePolicy.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': expect.any(String) } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        ],
        ports: [{ port: containerPort(hub, 'http'), protocol: 'TCP' }],
      },
    ])
  })

  it('ships the same alert groups as the plain rules file and as a PrometheusRule', () => {
    const plain = parse(readFileSync(join(MONITORING_DIR, 'prometheus-rules.yaml'), 'utf8'))
    expect(prometheusRule.spec).toEqual({ groups: plain.groups })
  })
})
