// Node-only: the hub's metrics in a prom-client Registry of its own (never the global default
// registry, so every Env, and every test, counts on its own). Every metric the hub records is
// declared here with its help text and labels; a name recorded elsewhere that is not declared is
// created on first use (with a warning), so a new counter never crashes a request.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Logger } from '../log.js'
import type { Labels, Metrics } from '../metrics.js'

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

/** Names as the code records them; exposed with the `hub_` prefix. */
export const DEFINITIONS: Record<string, Definition> = {
  reports_ingested_total: { kind: 'counter', help: 'Controller reports stored.', labels: [] },
  events_total: { kind: 'counter', help: 'Events stored, by event type and severity.', labels: ['type', 'severity'] },
  notifications_total: {
    kind: 'counter',
    help: 'Notifications handled, by channel (operator, customer) and result (sent, failed, skipped, ...).',
    labels: ['channel', 'result'],
  },
  job_runs_total: { kind: 'counter', help: 'Scheduled job runs in this process, by job and result (ok, failed).', labels: ['job', 'result'] },
  job_duration_seconds: { kind: 'histogram', help: 'Duration of scheduled job runs in this process.', labels: ['job'], buckets: JOB_BUCKETS },
  http_request_duration_seconds: {
    kind: 'histogram',
    help: 'HTTP request latency by method, route pattern and status.',
    labels: ['method', 'route', 'status'],
    buckets: REQUEST_BUCKETS,
  },
  customers: { kind: 'gauge', help: 'Customers by status, computed at scrape time.', labels: ['status'] },
  database_size_bytes: { kind: 'gauge', help: 'Database size (page_count * page_size), computed at scrape time.', labels: [] },
  job_last_run_timestamp_seconds: { kind: 'gauge', help: 'When each job last finished (any process).', labels: ['job'] },
  job_last_run_duration_seconds: { kind: 'gauge', help: 'How long the last finished run of each job took.', labels: ['job'] },
  job_last_run_ok: { kind: 'gauge', help: '1 when the last finished run of each job succeeded.', labels: ['job'] },
  job_last_success_timestamp_seconds: { kind: 'gauge', help: 'When each job last succeeded (any process).', labels: ['job'] },
}

type Metric = Counter<string> | Histogram<string> | Gauge<string>

export function prometheusMetrics(opts: { log?: Logger; defaultMetrics?: boolean } = {}): Metrics & { registry: Registry } {
  const registry = new Registry()
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry })
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
      warnOnce(`${name}:labels`, `metric ${name} rejected a value; dropped`, { error: (err as Error).message })
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
