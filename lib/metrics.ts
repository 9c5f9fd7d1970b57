// What the hub counts. The Node entry plugs in a Prometheus registry; elsewhere counting is a no-op.
export type Labels = Record<string, string>

export interface Metrics {
  inc(name: string, labels?: Labels, value?: number): void
  observe(name: string, value: number, labels?: Labels): void
}

export const noopMetrics: Metrics = { inc() {}, observe() {} }
