// The monthly report in Hungarian words: what each figure means for a household, formal ("Ön"),
// without technical terms. Both the HTML and the plain-text email are built from these sections,
// so the two always say the same.
import {
  HU_MONTHS,
  huBytes,
  huCount,
  huDate,
  huDurationFor,
  huInMonth,
  huMonth,
  huNumber,
  huOnDate,
  huPercent,
  huTime,
} from '../notify/hungarian.js'
import type { DiskLine, DiskName, MonthlyReportData, Problem } from './data.js'

export type Tone = 'ok' | 'warn' | 'bad'

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'disk'; name: string; percent: number; facts: string; note: string | null; tone: Tone }

export interface Section {
  title: string
  blocks: Block[]
}

export interface Tile {
  label: string
  value: string
  tone: Tone
}

export interface ReportText {
  subject: string
  /** The line mail clients show beside the subject. */
  preheader: string
  heading: string
  greeting: string
  intro: string
  summary: { text: string; tone: Tone }
  tiles: Tile[]
  sections: Section[]
  closing: string
  signature: string[]
  footer: string
}

const DAY = 86_400_000

const p = (text: string): Block => ({ kind: 'p', text })
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** Availability with one decimal, never rounded up to a perfect 100%. */
function availabilityPercent(percent: number): string {
  if (percent >= 100) return '100%'
  return huPercent(Math.min(99.9, Math.round(percent * 10) / 10), 1)
}

function diskName(d: DiskName): string {
  return d.system ? 'a rendszerlemez' : `${article(d.label)} „${d.label}” nevű lemez`
}

/** "a" or "az" before a word, by its first sound (a digit read out, a vowel). */
function article(word: string): string {
  const first = word.trim().toLowerCase().charAt(0)
  return /[aáeéiíoóöőuúüű15]/.test(first) ? 'az' : 'a'
}

function availabilitySection(d: MonthlyReportData): Section {
  const a = d.availability
  const blocks: Block[] = []
  if (!a) {
    blocks.push(
      p('Ebből a hónapból nincs elég adatunk ahhoz, hogy megmondjuk, mennyi ideig volt elérhető a gépe.'),
    )
  } else if (a.percent >= 100) {
    blocks.push(p('A gépe az egész hónapban elérhető volt.'))
  } else {
    blocks.push(
      p(
        `A gépe a hónap ${availabilityPercent(a.percent)}-ában volt elérhető. ` +
          `Összesen nagyjából ${huDurationFor(a.downMs)} nem kaptunk róla hírt.`,
      ),
    )
  }
  if (a && a.from > d.month.from) blocks.push(p(`A gépét ${huDate(a.from)} óta figyeljük.`))
  return { title: 'Elérhetőség', blocks }
}

function backupsSection(d: MonthlyReportData): Section {
  const b = d.backups
  if (b.enabled === false) {
    return {
      title: 'Biztonsági mentések',
      blocks: [
        p(
          'A gépén jelenleg nincs bekapcsolva a biztonsági mentés. Ha szeretné, hogy legyen, szóljon nekünk, és beállítjuk.',
        ),
      ],
    }
  }
  const lines: string[] = []
  lines.push(
    b.completed > 0
      ? `Ebben a hónapban ${huNumber(b.completed, 0)} mentés készült el rendben.`
      : 'Ebben a hónapban egyetlen mentés sem készült el.',
  )
  if (b.partial > 0) lines.push(`${cap(huCount(b.partial))} alkalommal csak részben sikerült a mentés.`)
  if (b.failed > 0) lines.push(`${cap(huCount(b.failed))} alkalommal nem sikerült a mentés.`)
  if (b.missedDays > 0) lines.push(`${cap(huCount(b.missedDays))} napon egyáltalán nem készült mentés.`)
  if (b.completed > 0 && b.partial + b.failed + b.missedDays === 0)
    lines.push('Egyetlen mentés sem maradt el.')
  return { title: 'Biztonsági mentések', blocks: [p(lines.join(' '))] }
}

function crossdriveSection(d: MonthlyReportData): Section | null {
  const x = d.crossdrive
  if (!x.expected && x.lastAt === null) return null
  const blocks: Block[] = [
    p(
      x.lastAt === null
        ? 'Még nem készült másolat a második lemezre.'
        : `A legutóbbi másolat ${huOnDate(x.lastAt)}, ${huTime(x.lastAt)}-kor készült el rendben.`,
    ),
  ]
  if (x.failedInMonth > 0)
    blocks.push(p(`Ebben a hónapban ${huCount(x.failedInMonth)} alkalommal nem sikerült a másolat.`))
  return { title: 'Másolat a második lemezre', blocks }
}

function diskBlock(d: DiskLine, now: number): Block {
  const name = d.mount === '/' ? 'Rendszerlemez' : d.label
  const free = Math.max(0, d.totalBytes - d.usedBytes)
  const facts = `Foglalt: ${huBytes(d.usedBytes)} (${huPercent(d.percent)}) · Szabad: ${huBytes(free)} · Méret: ${huBytes(d.totalBytes)}`
  let note: string | null = null
  if (d.fullAt !== null) {
    const days = Math.max(0, Math.round((d.fullAt - now) / DAY))
    note =
      days < 1
        ? 'A mostani ütemben akár napokon belül megtelhet.'
        : `A mostani ütemben nagyjából ${huNumber(days, 0)} nap múlva, ${huDate(d.fullAt)} körül telik meg.`
  } else if (d.trendKnown) {
    note = 'Nem látszik, hogy a közeljövőben megtelne.'
  }
  const soon = d.fullAt !== null && d.fullAt - now <= 30 * DAY
  const tone: Tone = d.percent >= 90 || soon ? 'bad' : d.percent >= 80 ? 'warn' : 'ok'
  return { kind: 'disk', name, percent: d.percent, facts, note, tone }
}

function disksSection(d: MonthlyReportData): Section {
  if (d.disks.length === 0)
    return { title: 'Tárhely', blocks: [p('A gépe nem küldött adatot a lemezeiről.')] }
  // The household's own disks first, the system disk last.
  const disks = [...d.disks].sort((a, b) => Number(a.mount === '/') - Number(b.mount === '/'))
  return {
    title: 'Tárhely',
    blocks: [
      p(`Így álltak a lemezei ${huOnDate(d.writtenAt)}:`),
      ...disks.map((x) => diskBlock(x, d.writtenAt)),
    ],
  }
}

function updatesSection(d: MonthlyReportData): Section {
  const items = d.updates.map(
    (u) =>
      `${cap(huOnDate(u.at))} frissült a gép felügyeleti programja${u.version ? ` (új változat: ${u.version})` : ''}.`,
  )
  const blocks: Block[] = []
  if (items.length === 0) blocks.push(p('Ebben a hónapban nem volt frissítés.'))
  else if (items.length === 1) blocks.push(p(items[0]))
  else blocks.push({ kind: 'list', items })
  if (d.updateFailures > 0) {
    blocks.push(
      p(
        `${cap(huCount(d.updateFailures))} frissítési kísérlet nem sikerült, de a gép a korábbi változattal rendben működött tovább.`,
      ),
    )
  }
  return { title: 'Frissítések', blocks }
}

export function problemText(x: Problem): string {
  switch (x.kind) {
    case 'offline':
      return 'Jelenleg nem kapunk hírt a gépéről. Kérjük, nézze meg, hogy be van-e kapcsolva, és működik-e otthon az internet.'
    case 'health_fail':
      return 'A gép a legutóbbi jelentésében hibát jelzett. Utánanézünk, és ha kell, jelentkezünk.'
    case 'backup_failing':
      return 'A legutóbbi biztonsági mentés nem sikerült. Már utánanézünk, Önnek nincs teendője.'
    case 'crossdrive_failing':
      return 'A legutóbbi másolat a második lemezre nem sikerült. Már utánanézünk, Önnek nincs teendője.'
    case 'disk_worn':
      return `${cap(diskName(x.disk))} az elhasználódás jeleit mutatja. Figyeljük, és ha cserélni kell, időben jelentkezünk.`
    case 'disk_filling':
      return (
        `${cap(diskName(x.disk))} a mostani ütemben ${x.days < 1 ? 'akár napokon belül' : `nagyjából ${huNumber(x.days, 0)} nap múlva`} megtelik. ` +
        'Érdemes kitörölni, amire már nincs szüksége; ha nem biztos benne, mit törölhet, szóljon nekünk, és segítünk.'
      )
    case 'disk_almost_full':
      return (
        `${cap(diskName(x.disk))} már ${huPercent(x.percent)}-ban megtelt. ` +
        'Érdemes helyet felszabadítani; ha ebben segítség kell, szóljon nekünk.'
      )
    case 'apps_down':
      return x.count === 1
        ? 'Az egyik alkalmazás jelenleg nem működik rendesen. Mi is látjuk, és utánanézünk.'
        : `${cap(huCount(x.count))} alkalmazás jelenleg nem működik rendesen. Mi is látjuk, és utánanézünk.`
    case 'dr_incomplete':
      return 'A gép beállításairól készült mentés jelenleg hiányos. Ezt mi rendezzük, Önnek nincs teendője.'
  }
}

function problemsSection(d: MonthlyReportData): Section {
  if (d.problems.length === 0)
    return { title: 'Nyitott problémák', blocks: [p('Jelenleg nincs megoldatlan probléma.')] }
  return { title: 'Nyitott problémák', blocks: [{ kind: 'list', items: d.problems.map(problemText) }] }
}

export function reportText(d: MonthlyReportData): ReportText {
  const month = huMonth(d.month.year, d.month.month)
  const name = d.displayName.trim()
  const n = d.problems.length
  const summary =
    n === 0
      ? { text: 'Minden rendben van. Önnek nincs teendője.', tone: 'ok' as const }
      : {
          text: `${cap(huCount(n))} dologra érdemes figyelnie: lent, a „Nyitott problémák” résznél leírjuk, miről van szó.`,
          tone: 'warn' as const,
        }
  const backupsTone: Tone = d.backups.failed + d.backups.missedDays > 0 ? 'warn' : 'ok'
  const tiles: Tile[] = [
    {
      label: 'Elérhetőség',
      value: d.availability ? availabilityPercent(d.availability.percent) : '–',
      tone: !d.availability || d.availability.percent >= 99 ? 'ok' : 'warn',
    },
    {
      label: 'Sikeres mentés',
      value: d.backups.enabled === false ? 'nincs' : huNumber(d.backups.completed, 0),
      tone: d.backups.enabled === false ? 'warn' : backupsTone,
    },
    { label: 'Nyitott probléma', value: huNumber(n, 0), tone: n === 0 ? 'ok' : 'warn' },
  ]
  const sections = [
    availabilitySection(d),
    backupsSection(d),
    crossdriveSection(d),
    disksSection(d),
    updatesSection(d),
    problemsSection(d),
  ].filter((s): s is Section => s !== null)
  return {
    subject: `Felhom havi jelentés – ${month}`,
    preheader: `${cap(HU_MONTHS[d.month.month - 1])}i összefoglaló: ${summary.text}`,
    heading: month,
    greeting: name ? `Kedves ${name}!` : 'Kedves Ügyfelünk!',
    intro:
      `Összefoglaltuk, hogyan működött a gépe ${huInMonth(d.month.year, d.month.month)}: ` +
      'elérhető volt-e, rendben elkészültek-e a biztonsági mentések, és mennyi szabad hely maradt a lemezein.',
    summary,
    tiles,
    sections,
    closing: 'Ha kérdése van, vagy bármi szokatlant tapasztal, nyugodtan írjon vagy telefonáljon nekünk.',
    signature: ['Üdvözlettel:', 'a Felhom csapata'],
    footer:
      'Ezt a havi összefoglalót azért kapja, mert kérte. Ha nem szeretné többé megkapni, szóljon nekünk, és leállítjuk.',
  }
}
