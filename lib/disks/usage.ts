// Each mount's usage as a report states it, in the scale disk_usage stores (hundredths of a
// percent of the mount's size). Reports are loose JSON from a controller: a mount with no usable
// size or mount point is left out, and a report's list is bounded so a broken or hostile one
// cannot write thousands of rows an hour.
import type { Report } from '../api/schemas.js'
import type { DiskReading } from '../store/disk-usage.js'

/** More mounts than a household server has; the rest of a longer list is ignored. */
export const MAX_MOUNTS = 16
export const MAX_MOUNT_LENGTH = 256

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

export function diskReadingsOf(report: Report): DiskReading[] {
  const out: DiskReading[] = []
  const seen = new Set<string>()
  for (const s of report.storage ?? []) {
    if (out.length >= MAX_MOUNTS) break
    const mount = typeof s.mount === 'string' ? s.mount : ''
    if (mount === '' || mount.length > MAX_MOUNT_LENGTH || seen.has(mount)) continue
    if (!finite(s.total_bytes) || !finite(s.used_bytes) || s.total_bytes <= 0) continue
    const used = Math.round((s.used_bytes / s.total_bytes) * 10_000)
    if (!Number.isSafeInteger(used)) continue
    seen.add(mount)
    out.push({ mount, used })
  }
  return out
}

/** A mount of a stored report (loose JSON), for display and the forecast's label. */
export interface MountNow {
  mount: string
  label: string
  usedBytes: number
  totalBytes: number
  percent: number
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}

/** The mounts of a stored report, as diskReadingsOf would take them; the label falls back to the mount. */
export function mountsOf(report: Record<string, unknown> | null): MountNow[] {
  const out: MountNow[] = []
  const seen = new Set<string>()
  for (const raw of Array.isArray(report?.storage) ? report.storage : []) {
    if (out.length >= MAX_MOUNTS) break
    const s = obj(raw)
    const mount = typeof s.mount === 'string' ? s.mount : ''
    if (mount === '' || mount.length > MAX_MOUNT_LENGTH || seen.has(mount)) continue
    if (!finite(s.total_bytes) || !finite(s.used_bytes) || s.total_bytes <= 0) continue
    seen.add(mount)
    const label = typeof s.label === 'string' && s.label.trim() ? s.label.trim().slice(0, 64) : mount
    out.push({
      mount,
      label,
      usedBytes: s.used_bytes,
      totalBytes: s.total_bytes,
      percent: (s.used_bytes / s.total_bytes) * 100,
    })
  }
  return out
}
