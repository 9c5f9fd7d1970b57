// The dashboard's maintenance choices: an hour, four hours, until the next 08:00 in Budapest (the
// night's window for on call), or an end the operator types in Budapest local time.
import { MAX_WINDOW_MS } from '../api/maintenance.js'
import { BUDAPEST, budapestParts, cronOf } from '../jobs/schedule.js'

export const PRESETS = ['1h', '4h', 'morning', 'custom'] as const
export type Preset = (typeof PRESETS)[number]

/** The next 08:00 on the Budapest clock after `now` (06:00 or 07:00 UTC, by the season). */
export function nextMorning(now: number): number {
  return cronOf({ pattern: '0 8 * * *', timezone: BUDAPEST }).nextRun(new Date(now))!.getTime()
}

/** How far Budapest's clock is ahead of UTC at `ms`. */
function offsetAt(ms: number): number {
  const p = budapestParts(ms)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute)
  return asUtc - Math.floor(ms / 60_000) * 60_000
}

/**
 * The instant of `YYYY-MM-DDTHH:MM` on the Budapest clock (an `<input type=datetime-local>`), or
 * null. A time the clock skips in spring is taken as the same time after the jump.
 */
export function budapestLocal(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim())
  if (!m) return null
  const [y, mo, d, h, mi] = m.slice(1).map(Number)
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null
  const guess = Date.UTC(y, mo - 1, d, h, mi)
  const first = guess - offsetAt(guess)
  return guess - offsetAt(first)
}

export type PresetEnd = { ok: true; endsAt: number } | { ok: false; message: string }

/** When a window started now with `preset` ends; a custom end must be in the future, at most 7 days on. */
export function presetEnd(preset: string, now: number, custom = ''): PresetEnd {
  if (preset === '1h') return { ok: true, endsAt: now + 3_600_000 }
  if (preset === '4h') return { ok: true, endsAt: now + 4 * 3_600_000 }
  if (preset === 'morning') return { ok: true, endsAt: nextMorning(now) }
  if (preset !== 'custom') return { ok: false, message: 'Choose how long the window lasts.' }
  const endsAt = budapestLocal(custom)
  if (endsAt === null) return { ok: false, message: 'Give the end as a date and time (Budapest time).' }
  if (endsAt <= now) return { ok: false, message: 'The end must be in the future.' }
  if (endsAt - now > MAX_WINDOW_MS) return { ok: false, message: 'A window lasts at most 7 days.' }
  return { ok: true, endsAt }
}
