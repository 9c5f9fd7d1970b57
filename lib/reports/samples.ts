// The compact sample of a report: what the history endpoint and the charts need.
import type { Report } from '../api/schemas.js'

export interface SamplePoint {
  health: 'ok' | 'warn' | 'fail'
  cpu_percent: number | null
  load1: number | null
  memory_used_percent: number | null
  disk_used_percent_max: number | null
  temperature_c: number | null
  containers_running: number | null
  containers_total: number | null
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
// A finite reading can still overflow once scaled or divided (cpu_percent 1e307, a total of
// 1e-300 bytes): such a figure is left out (null), as the database cannot bind Infinity.
const fit = (v: number): number | null => (Number.isFinite(v) ? v : null)
const round2 = (v: number) => fit(Math.round(v * 100) / 100)

export function sampleOf(report: Report): SamplePoint {
  const sys = report.system ?? {}
  const mem =
    finite(sys.memory_total_bytes) && finite(sys.memory_used_bytes) && sys.memory_total_bytes > 0
      ? round2((sys.memory_used_bytes / sys.memory_total_bytes) * 100)
      : null
  let disk: number | null = null
  for (const s of report.storage ?? []) {
    if (finite(s.total_bytes) && finite(s.used_bytes) && s.total_bytes > 0) {
      const used = round2((s.used_bytes / s.total_bytes) * 100)
      if (used !== null) disk = Math.max(disk ?? 0, used)
    }
  }
  const containers = report.containers ?? null
  return {
    health: report.health.status,
    cpu_percent: finite(sys.cpu_percent) ? round2(sys.cpu_percent) : null,
    load1: finite(sys.load1) ? round2(sys.load1) : null,
    memory_used_percent: mem,
    disk_used_percent_max: disk,
    temperature_c: finite(sys.temperature_c) ? fit(Math.round(sys.temperature_c * 10) / 10) : null,
    containers_running: containers ? containers.filter((c) => c.state === 'running').length : null,
    containers_total: containers ? containers.length : null,
  }
}
