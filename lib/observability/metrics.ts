// What the hub counts. Code records by short name (`reports_ingested_total`); the Node entry plugs
// in a Prometheus registry (lib/node/metrics.ts) that exposes them as `hub_<name>`. In workerd
// there is no registry: counting is a no-op and /metrics answers 404.
export type Labels = Record<string, string>

export interface Metrics {
  /** Counters: `*_total`. */
  inc(name: string, labels?: Labels, value?: number): void
  /** Histograms: durations in seconds. */
  observe(name: string, value: number, labels?: Labels): void
  /** Gauges: a value that goes up and down, usually computed at scrape time. */
  set(name: string, value: number, labels?: Labels): void
  /** The Prometheus exposition; absent where nothing is collected. */
  render?(): Promise<{ contentType: string; body: string }>
}

export const noopMetrics: Metrics = { inc() {}, observe() {}, set() {} }
