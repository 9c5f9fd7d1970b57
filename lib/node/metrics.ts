// Node-only: the hub's metrics in a prom-client Registry of its own (never the global default
// registry, so every Env, and every test, counts on its own). Every metric the hub records is
// declared here with its help text and labels; a name recorded elsewhere that is not declared is
// created on first use (with a warning), so a new counter never crashes a request.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Logger } from '../core/log.js'
import type { Labels, Metrics } from '../observability/metrics.js'

export const PREFIX = 'hub_'

type Kind = 'counter' | 'histogram' | 'gauge'
interface Definition {
  kind: Kind
  help: string
  labels: string[]
  buckets?: number[]
}

const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900]

const counter = (help: string, labels: string[] = []): Definition => ({ kind: 'counter', help, labels })
const gauge = (help: string, labels: string[] = []): Definition => ({ kind: 'gauge', help, labels })
const histogram = (help: string, labels: string[], buckets: number[]): Definition => ({
  kind: 'histogram',
  help,
  labels,
  buckets,
})

/**
 * Names as the code records them; exposed with the `hub_` prefix. No label may be called `job` or
 * `instance`: Prometheus sets those on every scraped series and would rename ours `exported_job`.
 */
export const DEFINITIONS: Record<string, Definition> = {
  reports_ingested_total: counter('Controller reports stored.'),
  events_total: counter('Events stored, by event type and severity.', ['type', 'severity']),
  notifications_total: counter('Notifications handled, by channel and result.', ['channel', 'result']),
  job_runs_total: counter('Job runs in this process, by job and result (ok, failed).', [
    'job_name',
    'result',
  ]),
  job_duration_seconds: histogram(
    'Duration of scheduled job runs in this process.',
    ['job_name'],
    JOB_BUCKETS,
  ),
  http_request_duration_seconds: histogram(
    'HTTP request latency by method, route pattern and status.',
    ['method', 'route', 'status'],
    REQUEST_BUCKETS,
  ),
  customers: gauge('Customers by status, computed at scrape time.', ['status']),
  database_size_bytes: gauge('Database size (page_count * page_size), computed at scrape time.'),
  volume_size_bytes: gauge("Size of the file system holding the hub's data directory."),
  volume_free_bytes: gauge('Bytes the hub can still write on its volume (statfs f_bavail).'),
  volume_database_bytes: gauge('Size of hub.db on the volume.'),
  volume_wal_bytes: gauge('Size of hub.db-wal on the volume.'),
  volume_snapshot_bytes: gauge('Size of the nightly snapshots on the volume.'),
  volume_seconds_until_full: gauge(
    'Time until the volume is full at the trend of the last 14 daily readings; +Inf while not filling.',
  ),
  job_last_run_timestamp_seconds: gauge('When each job last finished (any process).', ['job_name']),
  job_last_run_duration_seconds: gauge('How long the last finished run of each job took.', ['job_name']),
  job_last_run_ok: gauge('1 when the last finished run of each job succeeded.', ['job_name']),
  job_last_success_timestamp_seconds: gauge('When each job last succeeded (any process).', ['job_name']),
}

type Metric = Counter<string> | Histogram<string> | Gauge<string>

export function prometheusMetrics(
  opts: { log?: Logger; defaultMetrics?: boolean } = {},
): Metrics & { registry: Registry } {
  const registry = new Registry()
  if (opts.defaultMetrics !== false) {
    collectDefaultMetrics({ register: registry })
    // prom-client also exposes nodejs_active_{handles,requests,resources}_total as gauges, which
    // `promtool check metrics` flags (only counters end in _total); the same counts stay
    // available, by type, as nodejs_active_handles, _requests and _resources.
    for (const m of registry.getMetricsAsArray())
      if (m instanceof Gauge && m.name.endsWith('_total')) registry.removeSingleMetric(m.name)
  }
  const metrics = new Map<string, { kind: Kind; metric: Metric }>()
  const warned = new Set<string>()
  const warnOnce = (name: string, msg: string, fields: Record<string, unknown> = {}) => {
    if (warned.has(name)) return
    warned.add(name)
    opts.log?.warn(msg, { metric: name, ...fields })
  }

  function create(name: string, def: Definition): { kind: Kind; metric: Metric } {
    const config = { name: PREFIX + name, help: def.help, labelNames: def.labels, registers: [registry] }
    const metric =
      def.kind === 'counter'
        ? new Counter(config)
        : def.kind === 'gauge'
          ? new Gauge(config)
          : new Histogram({ ...config, buckets: def.buckets ?? REQUEST_BUCKETS })
    const entry = { kind: def.kind, metric }
    metrics.set(name, entry)
    return entry
  }
  for (const [name, def] of Object.entries(DEFINITIONS)) create(name, def)

  /** The metric for `name`, created on first use when undeclared; undefined when it cannot be used so. */
  function get(name: string, kind: Kind, labels: Labels): Metric | undefined {
    const found = metrics.get(name)
    if (found) {
      if (found.kind === kind) return found.metric
      warnOnce(name, `metric ${name} is a ${found.kind}, not a ${kind}; value ignored`)
      return undefined
    }
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) {
      warnOnce(name, 'metric name is not valid in Prometheus; value ignored')
      return undefined
    }
    warnOnce(name, 'metric is not declared in lib/node/metrics.ts; created on first use', { kind })
    return create(name, { kind, help: `${name} (undeclared)`, labels: Object.keys(labels) }).metric
  }

  // A metric must never fail the request or job that records it: a label set that does not match
  // the declaration is logged once and the value dropped.
  function record(name: string, kind: Kind, labels: Labels, apply: (m: Metric) => void) {
    const m = get(name, kind, labels)
    if (!m) return
    try {
      apply(m)
    } catch (err) {
      const error = (err as Error).message
      warnOnce(`${name}:labels`, `metric ${name} rejected a value; dropped`, { error })
    }
  }

  return {
    registry,
    inc(name, labels = {}, value = 1) {
      record(name, 'counter', labels, (m) => (m as Counter<string>).inc(labels, value))
    },
    observe(name, value, labels = {}) {
      record(name, 'histogram', labels, (m) => (m as Histogram<string>).observe(labels, value))
    },
    set(name, value, labels = {}) {
      record(name, 'gauge', labels, (m) => (m as Gauge<string>).set(labels, value))
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() }
    },
  }
}
