// A rollout's plan: the operator's settings (read from the new-rollout form, the same fields for
// the GET preview and the POST that starts it) and the waves they give over the eligible fleet.
// Planning is deterministic, so the preview and the start agree unless the fleet changed between
// them, which the plan's fingerprint tells.
import semver from 'semver'
import { DURATION, durationMs } from '../core/config.js'
import { CUSTOMER_ID } from '../core/validate.js'
import type { Customer } from '../store/customers.js'

export const DEFAULT_PERCENTS = [10, 50, 100]
export const DEFAULT_DEADLINE = '30m'
export const DEFAULT_SOAK = '15m'
const MAX_WAVES = 10

export interface RolloutSettings {
  version: string
  canary: string
  /** Cumulative shares of the eligible fleet after the canary, ending at 100. */
  percents: number[]
  deadlineMs: number
  soakMs: number
}

/** The form's fields as typed, for showing them back. */
export interface RolloutFormValues {
  version: string
  canary: string
  waves: string
  deadline: string
  soak: string
}

export type RolloutFormErrors = Partial<Record<keyof RolloutFormValues, string>>

export function formValues(q: URLSearchParams, defaultVersion: string | null): RolloutFormValues {
  const get = (k: string) => (q.get(k) ?? '').trim()
  return {
    version: get('version') || (defaultVersion ?? ''),
    canary: get('canary'),
    waves: q.has('waves') ? get('waves') : DEFAULT_PERCENTS.join(', '),
    deadline: get('deadline') || DEFAULT_DEADLINE,
    soak: get('soak') || DEFAULT_SOAK,
  }
}

/** Checks the form; settings only when there is no error. `releases`: the versions one may pick. */
export function parseSettings(
  v: RolloutFormValues,
  releases: string[],
): { settings: RolloutSettings | null; errors: RolloutFormErrors } {
  const errors: RolloutFormErrors = {}
  const version = semver.valid(v.version)
  if (!version) errors.version = 'Choose a controller version.'
  else if (!releases.includes(version))
    errors.version = `${v.version} is not among the releases the registry check found.`
  if (!CUSTOMER_ID.test(v.canary)) errors.canary = 'Choose the canary: the one customer updated first.'
  const percents = parsePercents(v.waves)
  if (typeof percents === 'string') errors.waves = percents
  const deadlineMs = parseDuration(v.deadline, 60_000, 24 * 3_600_000)
  if (typeof deadlineMs === 'string') errors.deadline = deadlineMs
  const soakMs = parseDuration(v.soak, 0, 7 * 86_400_000)
  if (typeof soakMs === 'string') errors.soak = soakMs
  if (Object.keys(errors).length > 0) return { settings: null, errors }
  return {
    settings: {
      version: version!,
      canary: v.canary,
      percents: percents as number[],
      deadlineMs: deadlineMs as number,
      soakMs: soakMs as number,
    },
    errors,
  }
}

function parsePercents(text: string): number[] | string {
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.replace(/%$/, ''))
    .filter((p) => p !== '')
  const say =
    'Waves after the canary: rising percentages of the eligible fleet, ending at 100 (e.g. 10, 50, 100).'
  if (parts.length === 0 || parts.length > MAX_WAVES) return say
  const nums = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN))
  if (nums.some((n) => !(n >= 1 && n <= 100))) return say
  if (nums.some((n, i) => i > 0 && n <= nums[i - 1])) return say
  if (nums[nums.length - 1] !== 100) return say
  return nums
}

function parseDuration(text: string, min: number, max: number): number | string {
  const say = `A duration like 45s, 30m or 2h, between ${describe(min)} and ${describe(max)}.`
  if (!DURATION.test(text)) return say
  const ms = durationMs(text)
  return ms >= min && ms <= max ? ms : say
}

const describe = (ms: number) =>
  ms === 0
    ? '0s'
    : ms % 86_400_000 === 0
      ? `${ms / 86_400_000}d`
      : ms % 3_600_000 === 0
        ? `${ms / 3_600_000}h`
        : `${ms / 60_000}m`

export interface PlannedWave {
  label: string
  nodes: Customer[]
}

/**
 * The canary alone, then each percentage as a cumulative share of the eligible fleet (the canary
 * counts toward the first), rounded up; waves that would be empty are left out. The order after
 * the canary is a hash of version and customer id: stable for one version, different per version,
 * so the same households are not always first.
 */
export function planWaves(
  eligible: Customer[],
  canary: string,
  percents: number[],
  version: string,
): PlannedWave[] {
  const first = eligible.find((c) => c.customerId === canary)
  if (!first) return []
  const rest = eligible
    .filter((c) => c.customerId !== canary)
    .map((c) => ({ c, key: fnv1a(`${version}:${c.customerId}`) }))
    .sort((a, b) => a.key - b.key || a.c.customerId.localeCompare(b.c.customerId))
    .map((x) => x.c)
  const waves: PlannedWave[] = [{ label: 'canary', nodes: [first] }]
  let taken = 1
  for (const p of percents) {
    const upTo = Math.min(eligible.length, Math.ceil((eligible.length * p) / 100))
    if (upTo <= taken) continue
    waves.push({ label: `${p}%`, nodes: rest.slice(taken - 1, upTo - 1) })
    taken = upTo
  }
  return waves
}

/** A short digest of who is in which wave: the POST refuses a plan that differs from the preview. */
export function planFingerprint(settings: RolloutSettings, waves: PlannedWave[]): string {
  const text = [
    settings.version,
    settings.deadlineMs,
    settings.soakMs,
    ...waves.map((w) => `${w.label}:${w.nodes.map((c) => c.customerId).join(',')}`),
  ].join('|')
  return fnv1a(text).toString(16).padStart(8, '0')
}

/**
 * 32-bit FNV-1a with murmur3's finaliser (FNV alone leaves ids that differ in their last
 * character next to each other): a stable, well-spread hash for ordering, not for secrets.
 */
function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte
    h = Math.imul(h, 0x01000193) >>> 0
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
