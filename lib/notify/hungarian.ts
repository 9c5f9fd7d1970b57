// Numbers, sizes and dates as a Hungarian reader expects them: decimal comma, a space between
// thousands, "2026. november", "november 29.", "november 29-én" (with the day's own suffix), all
// in Budapest time. Used by the customer texts and the monthly report.

import { budapestParts } from '../jobs/schedule.js'

export const HU_MONTHS = [
  'január',
  'február',
  'március',
  'április',
  'május',
  'június',
  'július',
  'augusztus',
  'szeptember',
  'október',
  'november',
  'december',
]

/** "2026 novemberében": in that month of that year (the year as a possessor takes no full stop). */
const HU_MONTHS_IN = [
  'januárjában',
  'februárjában',
  'márciusában',
  'áprilisában',
  'májusában',
  'júniusában',
  'júliusában',
  'augusztusában',
  'szeptemberében',
  'októberében',
  'novemberében',
  'decemberében',
]

/** The suffix of "on the Nth": 1-jén, 2-án, 4-én, … (elseje, másodika, negyedike, …). */
const DAY_ON = [
  '',
  'jén',
  'án',
  'án',
  'én',
  'én',
  'án',
  'én',
  'án',
  'én',
  'én',
  'én',
  'én',
  'án',
  'én',
  'én',
  'án',
  'én',
  'án',
  'én',
  'án',
  'én',
  'én',
  'án',
  'én',
  'én',
  'án',
  'én',
  'án',
  'én',
  'án',
  'én',
]

/** 1234,5 · 12 345 · 99,8: Hungarian grouping and decimal comma, at most `digits` decimals. */
export function huNumber(n: number, digits = 1): string {
  return new Intl.NumberFormat('hu-HU', { maximumFractionDigits: digits, useGrouping: true }).format(n)
}

/** 83% · 99,8% (the sign straight after the number, as Hungarian writes it). */
export function huPercent(n: number, digits = 0): string {
  return `${huNumber(n, digits)}%`
}

/** Sizes in decimal units, as disks are sold: 850 GB, 2,49 TB (a no-break space before the unit). */
export function huBytes(n: number): string {
  const units = ['bájt', 'kB', 'MB', 'GB', 'TB', 'PB']
  let v = n
  let i = 0
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  const digits = i === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2
  return `${huNumber(v, digits)}\u00a0${units[i]}`
}

/** The Budapest wall clock, the minute as two digits ("5:07"). */
function budapestDay(ms: number) {
  const p = budapestParts(ms)
  return { ...p, minute: String(p.minute).padStart(2, '0') }
}

/** "2026. november" (month 1–12). */
export const huMonth = (year: number, month: number): string => `${year}. ${HU_MONTHS[month - 1]}`

/** "2026 novemberében" (month 1–12). */
export const huInMonth = (year: number, month: number): string => `${year} ${HU_MONTHS_IN[month - 1]}`

/** "november 29." in Budapest. */
export function huDate(ms: number): string {
  const d = budapestDay(ms)
  return `${HU_MONTHS[d.month - 1]} ${d.day}.`
}

/** "2026. november 29." in Budapest. */
export function huFullDate(ms: number): string {
  const d = budapestDay(ms)
  return `${d.year}. ${HU_MONTHS[d.month - 1]} ${d.day}.`
}

/** "november 29-én": on that day, in Budapest. */
export function huOnDate(ms: number): string {
  const d = budapestDay(ms)
  return `${HU_MONTHS[d.month - 1]} ${d.day}-${DAY_ON[d.day]}`
}

/** "2026. november 29., 5:30" in Budapest. */
export function huDateTime(ms: number): string {
  const d = budapestDay(ms)
  return `${d.year}. ${HU_MONTHS[d.month - 1]} ${d.day}., ${d.hour}:${d.minute}`
}

/** "1 óra 30 perc", "2 nap 3 óra", "12 perc": a duration in words, to the minute. */
export function huDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  const parts: string[] = []
  if (days > 0) parts.push(`${days} nap`)
  if (hours > 0) parts.push(`${hours} óra`)
  if (mins > 0 && days === 0) parts.push(`${mins} perc`)
  return parts.length > 0 ? parts.join(' ') : '0 perc'
}

/** "4:10", "23:05" in Budapest. */
export function huTime(ms: number): string {
  const d = budapestDay(ms)
  return `${d.hour}:${d.minute}`
}

/** "1 óra 30 percig", "2 napig", "3 óráig": for how long (the last unit takes -ig). */
export function huDurationFor(ms: number): string {
  const words = huDuration(ms).split(' ')
  const last = words.pop()!
  const until: Record<string, string> = { perc: 'percig', óra: 'óráig', nap: 'napig' }
  return [...words, until[last] ?? last].join(' ')
}

const COUNT_WORDS = ['nulla', 'egy', 'két', 'három', 'négy', 'öt', 'hat', 'hét', 'nyolc', 'kilenc', 'tíz']

/** A count before a noun: "egy", "két", … "tíz" in words, then digits ("12"). */
export function huCount(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < COUNT_WORDS.length ? COUNT_WORDS[n] : huNumber(n, 0)
}
