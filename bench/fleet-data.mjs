// A fleet of households that differ as real ones do: each home has its own hostname, disks and
// apps (a stable subset of the fixture's containers), and its figures move from report to report.
// Deterministic: the same home and time always give the same report.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './hub.mjs'

const FIXTURE = JSON.parse(readFileSync(join(ROOT, '../shared/fixtures/report.json'), 'utf8'))

/** A small deterministic PRNG (mulberry32). */
export function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const homeId = (i) => `home-${String(i).padStart(5, '0')}`

const hex = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('')
const uuid = (r) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`

/** What stays the same for a home from report to report. */
function home(i) {
  const r = prng(i * 7919 + 17)
  const containers = FIXTURE.containers.filter((c, k) => k < 3 || r() < 0.7)
  const stacks = new Set(containers.map((c) => c.stack))
  return {
    id: homeId(i),
    hostname: `felhom-${homeId(i)}`,
    memory: [8, 16, 32][Math.floor(r() * 3)] * 1024 ** 3,
    storage: FIXTURE.storage.slice(0, 1 + Math.floor(r() * 3)).map((s) => ({
      ...s,
      uuid: uuid(r),
      total_bytes: Math.floor(s.total_bytes * (0.5 + r())),
      fill: 0.2 + r() * 0.7,
    })),
    containers,
    apps: FIXTURE.apps.filter((a) => stacks.has(a.name)),
    warnEvery: 20 + Math.floor(r() * 200),
  }
}

/** Home `i`'s report at `atMs` (its slot-th of the day decides the figures). */
export function reportOf(i, atMs) {
  const h = home(i)
  const r = prng(i * 104729 + Math.floor(atMs / 900_000))
  const day = Math.floor(atMs / 86_400_000)
  const warn = Math.floor(atMs / 900_000) % h.warnEvery === 0
  return {
    ...FIXTURE,
    customer_id: h.id,
    timestamp: new Date(atMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    controller_url: `https://${h.id}.felhom.eu`,
    hostname: h.hostname,
    health: {
      status: warn ? 'warn' : 'ok',
      checks: FIXTURE.health.checks.map((c) => ({
        ...c,
        status: warn && c.name === 'disk_space' ? 'warn' : 'ok',
        message: c.name === 'temperature' ? `CPU ${Math.round(35 + r() * 30)} C` : c.message,
      })),
    },
    system: {
      ...FIXTURE.system,
      uptime_seconds: 100_000 + (Math.floor(atMs / 1000) % 3_000_000),
      load1: Math.round(r() * 300) / 100,
      load5: Math.round(r() * 250) / 100,
      load15: Math.round(r() * 200) / 100,
      cpu_percent: Math.round(r() * 800) / 10,
      memory_total_bytes: h.memory,
      memory_used_bytes: Math.floor(h.memory * (0.2 + r() * 0.6)),
      swap_used_bytes: Math.floor(r() * 50_000_000),
      temperature_c: Math.round((35 + r() * 30) * 10) / 10,
    },
    storage: h.storage.map(({ fill, ...s }) => ({
      ...s,
      used_bytes: Math.floor(s.total_bytes * Math.min(0.99, fill + day * 0.0005 + r() * 0.001)),
    })),
    containers: h.containers.map((c) => ({ ...c, restarts: c.restarts + Math.floor(day / 30) })),
    apps: h.apps,
    backups: {
      ...FIXTURE.backups,
      last_backup_at: new Date(day * 86_400_000 + 7_241_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      last_backup_duration_seconds: 600 + Math.floor(r() * 600),
      last_dbdump_at: new Date(day * 86_400_000 + 5_412_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      last_crossdrive_at: new Date(day * 86_400_000 + 11_405_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      repository_size_bytes: 300_000_000_000 + i * 1_000_000 + day * 200_000_000,
      snapshot_count: 30 + (day % 10),
    },
  }
}
