// The monthly report email: Hungarian sections built once for both parts, HTML a mail client can
// show (inline styles only, nothing remote, every value escaped), and a plain text that reads alone.
import { describe, expect, it } from 'vitest'
import type { Problem } from '../../../lib/monthly-report/data.js'
import { renderMonthlyReport } from '../../../lib/monthly-report/render.js'
import { problemText, reportText } from '../../../lib/monthly-report/texts.js'
import { sampleReport, WRITTEN } from './sample.js'

// Words a household would not know (as in the event texts' test).
const JARGON =
  /restic|container|docker|dbdump|snapshot|SMART|controller|repository|config|node|cron|API|deploy|infra/i

describe('renderMonthlyReport', () => {
  it('writes the month in Hungarian, the same sections in HTML and text', () => {
    const email = renderMonthlyReport(sampleReport())
    expect(email.subject).toBe('Felhom havi jelentés – 2026. november')
    for (const title of [
      'Elérhetőség',
      'Biztonsági mentések',
      'Másolat a második lemezre',
      'Tárhely',
      'Frissítések',
      'Nyitott problémák',
    ]) {
      expect(email.html).toContain(`>${title}</h2>`)
      expect(email.text).toContain(`${title.toUpperCase()}\n${'-'.repeat(title.length)}`)
    }
    expect(email.text).toContain('Kedves Kovács család!')
    expect(email.text).toContain(
      'A gépe a hónap 99,8%-ában volt elérhető. Összesen nagyjából 1 óra 30 percig nem kaptunk róla hírt.',
    )
    expect(email.text).toContain(
      'Ebben a hónapban 28 mentés készült el rendben. Egy alkalommal nem sikerült a mentés. Egy napon egyáltalán nem készült mentés.',
    )
    expect(email.text).toContain('A legutóbbi másolat november 30-án, 4:10-kor készült el rendben.')
    expect(email.text).toContain('A mostani ütemben nagyjából 23 nap múlva, december 24. körül telik meg.')
    expect(email.text).toContain('November 12-én frissült a gép felügyeleti programja (új változat: 1.8.2).')
    expect(email.text).toContain('- A „hdd1” nevű lemez a mostani ütemben nagyjából 23 nap múlva megtelik.')
    // The household's disks first, the system disk last.
    expect(email.text.indexOf('* hdd1')).toBeLessThan(email.text.indexOf('* Rendszerlemez'))
  })

  it('is HTML a mail client shows as meant: inline styles, no style block, nothing remote', () => {
    const { html } = renderMonthlyReport(sampleReport())
    expect(html).not.toMatch(/<style|<link|<script|<img|\bsrc=|url\(|class=/i)
    expect(html).toMatch(/^<!doctype html>\n<html lang="hu">/)
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    // The hdd1 bar: 83% filled, red (full within a month).
    expect(html).toContain('<td width="83%" style="width:83%;background:#d1432f')
  })

  it('escapes everything that comes from a customer or a controller', () => {
    const email = renderMonthlyReport(
      sampleReport({
        displayName: '<script>alert(1)</script> & Co',
        disks: [{ ...sampleReport().disks[1], label: '"><img src=x>' }],
        updates: [{ at: WRITTEN - 86_400_000, version: '1.9.0<b>' }],
      }),
    )
    expect(email.html).not.toContain('<script>')
    expect(email.html).not.toContain('<img')
    expect(email.html).toContain('Kedves &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co!')
    expect(email.text).toContain('Kedves <script>alert(1)</script> & Co!')
  })

  it('says so plainly when all is well, and when there is nothing to say', () => {
    const t = reportText(
      sampleReport({
        displayName: '',
        availability: null,
        backups: { enabled: false, completed: 0, failed: 0, partial: 0, missedDays: 0 },
        crossdrive: { expected: false, lastAt: null, failedInMonth: 0 },
        updates: [],
        problems: [],
      }),
    )
    expect(t.greeting).toBe('Kedves Ügyfelünk!')
    expect(t.summary).toEqual({ text: 'Minden rendben van. Önnek nincs teendője.', tone: 'ok' })
    expect(t.sections.map((s) => s.title)).not.toContain('Másolat a második lemezre')
    const text = JSON.stringify(t.sections)
    expect(text).toContain('Ebből a hónapból nincs elég adatunk')
    expect(text).toContain('A gépén jelenleg nincs bekapcsolva a biztonsági mentés.')
    expect(text).toContain('Ebben a hónapban nem volt frissítés.')
    expect(text).toContain('Jelenleg nincs megoldatlan probléma.')
    expect(t.tiles.map((x) => x.value)).toEqual(['–', 'nincs', '0'])
  })

  it('says since when a node that started mid-month has been watched, and a whole month’s availability', () => {
    const base = sampleReport()
    const from = Date.parse('2026-11-12T09:00:00Z')
    const partial = reportText(
      sampleReport({ availability: { percent: 100, downMs: 0, from, to: base.month.to } }),
    )
    expect(JSON.stringify(partial.sections[0])).toContain('A gépe az egész hónapban elérhető volt.')
    expect(JSON.stringify(partial.sections[0])).toContain('A gépét november 12. óta figyeljük.')
    const almost = reportText(
      sampleReport({
        availability: { percent: 99.97, downMs: 60_000, from: base.month.from, to: base.month.to },
      }),
    )
    expect(almost.tiles[0].value).toBe('99,9%')
  })

  it.each<Problem>([
    { kind: 'offline' },
    { kind: 'health_fail' },
    { kind: 'backup_failing' },
    { kind: 'crossdrive_failing' },
    { kind: 'disk_worn', disk: { label: 'adat', system: false } },
    { kind: 'disk_filling', disk: { label: 'hdd1', system: false }, days: 0 },
    { kind: 'disk_almost_full', disk: { label: 'x', system: true }, percent: 93.6 },
    { kind: 'apps_down', count: 1 },
    { kind: 'apps_down', count: 3 },
    { kind: 'dr_incomplete' },
  ])('puts $kind in plain words', (problem) => {
    const text = problemText(problem)
    expect(text).not.toMatch(JARGON)
    expect(text).toMatch(/^[A-ZÁÉ„].+\.$/)
  })

  it('picks the article and the numbers a Hungarian reader expects', () => {
    expect(problemText({ kind: 'disk_worn', disk: { label: 'adat', system: false } })).toMatch(
      /^Az „adat” nevű lemez/,
    )
    expect(
      problemText({ kind: 'disk_almost_full', disk: { label: 'x', system: true }, percent: 93.4 }),
    ).toMatch(/^A rendszerlemez már 93%-ban megtelt\./)
    expect(problemText({ kind: 'apps_down', count: 3 })).toMatch(/^Három alkalmazás/)
    expect(problemText({ kind: 'disk_filling', disk: { label: 'hdd1', system: false }, days: 0 })).toContain(
      'akár napokon belül',
    )
  })
})
