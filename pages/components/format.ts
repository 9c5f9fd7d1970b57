// Formatting shared by the views: ages, sizes, percentages. Pure functions of their inputs.

export function age(thenMs: number | null, nowMs: number): string {
  if (thenMs === null) return 'never'
  const s = Math.round((nowMs - thenMs) / 1000)
  if (s < 0) return 'just now'
  if (s < 60) return `${s} s ago`
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h ago`
}

export function ageOfIso(iso: unknown, nowMs: number): string {
  if (typeof iso !== 'string') return 'never'
  const t = Date.parse(iso)
  return Number.isNaN(t) ? 'unknown' : age(t, nowMs)
}

export function bytes(n: unknown): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—'
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']
  let v = n
  let i = 0
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`
}

export function pct(n: number | null | undefined, digits = 0): string {
  return typeof n === 'number' && Number.isFinite(n) ? `${n.toFixed(digits)}%` : '—'
}

export function duration(seconds: unknown): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '—'
  const d = Math.floor(seconds / 86_400)
  const h = Math.floor((seconds % 86_400) / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  if (d > 0) return `${d} d ${h} h`
  if (h > 0) return `${h} h ${m} min`
  return `${m} min ${Math.floor(seconds % 60)} s`
}

/** UTC, minutes precision: what an operator compares against logs. */
export function utc(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

export const text = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : String(v))
