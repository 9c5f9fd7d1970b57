// The monthly report as an email: HTML for mail clients (tables, inline styles only, no remote
// images, no <style> block: clients strip them; one column that narrows to a phone's width) and a
// plain-text part that reads on its own. Every value goes through escapeHtml.
import { escapeHtml, type RenderedEmail } from '../notify/format.js'
import type { MonthlyReportData } from './data.js'
import { reportText, type Block, type ReportText, type Section, type Tone } from './texts.js'

const FONT = 'font-family:Arial,Helvetica,sans-serif'
const INK = '#1f2933'
const MUTED = '#5b6770'
const LINE = '#e3e8e6'
const BRAND = '#0f5e57'
const TONE: Record<Tone, { ink: string; bg: string; bar: string }> = {
  ok: { ink: '#1a6b3c', bg: '#e8f5ec', bar: '#2f9e5b' },
  warn: { ink: '#8a5a00', bg: '#fdf3dc', bar: '#d99a00' },
  bad: { ink: '#a4261d', bg: '#fdecea', bar: '#d1432f' },
}

const e = escapeHtml

/** A bar as two table cells: the one layout every mail client draws the same. */
function bar(percent: number, tone: Tone): string {
  const filled = Math.min(100, Math.max(0, Math.round(percent)))
  const cell = (width: number, color: string) =>
    `<td width="${width}%" style="width:${width}%;background:${color};height:10px;font-size:0;line-height:0">&nbsp;</td>`
  return [
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:separate;margin:6px 0 4px">',
    '<tr>',
    filled > 0 ? cell(filled, TONE[tone].bar) : '',
    filled < 100 ? cell(100 - filled, '#e6ebe9') : '',
    '</tr></table>',
  ].join('')
}

function blockHtml(b: Block): string {
  const para = `margin:0 0 10px;${FONT};font-size:15px;line-height:1.55;color:${INK}`
  switch (b.kind) {
    case 'p':
      return `<p style="${para}">${e(b.text)}</p>`
    case 'list':
      return (
        `<ul style="margin:0 0 10px;padding:0 0 0 20px;${FONT};font-size:15px;line-height:1.55;color:${INK}">` +
        b.items.map((i) => `<li style="margin:0 0 8px">${e(i)}</li>`).join('') +
        '</ul>'
      )
    case 'disk':
      return [
        `<div style="margin:0 0 14px">`,
        `<div style="${FONT};font-size:15px;color:${INK}"><strong>${e(b.name)}</strong></div>`,
        bar(b.percent, b.tone),
        `<div style="${FONT};font-size:13px;line-height:1.5;color:${MUTED}">${e(b.facts)}</div>`,
        b.note
          ? `<div style="${FONT};font-size:14px;line-height:1.5;color:${b.tone === 'ok' ? INK : TONE[b.tone].ink};margin-top:2px">${e(b.note)}</div>`
          : '',
        '</div>',
      ].join('')
  }
}

function sectionHtml(s: Section): string {
  return [
    `<tr><td style="padding:18px 24px 4px;border-top:1px solid ${LINE}">`,
    `<h2 style="margin:0 0 10px;${FONT};font-size:17px;line-height:1.3;color:${BRAND}">${e(s.title)}</h2>`,
    ...s.blocks.map(blockHtml),
    '</td></tr>',
  ].join('\n')
}

function tilesHtml(t: ReportText): string {
  const width = Math.floor(100 / t.tiles.length)
  const cells = t.tiles.map(
    (tile) =>
      `<td width="${width}%" valign="top" style="width:${width}%;padding:4px">` +
      `<div style="background:${TONE[tile.tone].bg};border-radius:6px;padding:10px 6px;text-align:center">` +
      `<div style="${FONT};font-size:22px;font-weight:bold;line-height:1.2;color:${TONE[tile.tone].ink}">${e(tile.value)}</div>` +
      `<div style="${FONT};font-size:12px;line-height:1.3;color:${MUTED};margin-top:2px">${e(tile.label)}</div>` +
      '</div></td>',
  )
  return (
    '<tr><td style="padding:0 20px 14px">' +
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>' +
    cells.join('') +
    '</tr></table></td></tr>'
  )
}

export function monthlyReportHtml(t: ReportText): string {
  const tone = TONE[t.summary.tone]
  return [
    '<!doctype html>',
    '<html lang="hu">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="color-scheme" content="light"><title>${e(t.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f3f5f4">`,
    // The line a mail client shows next to the subject; hidden in the message itself.
    `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${e(t.preheader)}</div>`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f5f4">',
    '<tr><td align="center" style="padding:20px 10px">',
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border:1px solid ${LINE};border-radius:8px">`,
    `<tr><td style="background:${BRAND};padding:20px 24px;border-radius:8px 8px 0 0">`,
    `<div style="${FONT};font-size:12px;letter-spacing:1px;text-transform:uppercase;color:#cfe6e1">Felhom · Havi jelentés</div>`,
    `<div style="${FONT};font-size:26px;font-weight:bold;line-height:1.25;color:#ffffff;margin-top:4px">${e(t.heading)}</div>`,
    '</td></tr>',
    `<tr><td style="padding:22px 24px 8px">`,
    `<p style="margin:0 0 12px;${FONT};font-size:16px;line-height:1.5;color:${INK}">${e(t.greeting)}</p>`,
    `<p style="margin:0 0 16px;${FONT};font-size:15px;line-height:1.55;color:${INK}">${e(t.intro)}</p>`,
    `<div style="background:${tone.bg};border-left:4px solid ${tone.bar};border-radius:4px;padding:12px 14px;margin:0 0 8px">`,
    `<div style="${FONT};font-size:15px;line-height:1.5;color:${tone.ink}"><strong>${e(t.summary.text)}</strong></div>`,
    '</div>',
    '</td></tr>',
    tilesHtml(t),
    ...t.sections.map(sectionHtml),
    `<tr><td style="padding:18px 24px 22px;border-top:1px solid ${LINE}">`,
    `<p style="margin:0 0 12px;${FONT};font-size:15px;line-height:1.55;color:${INK}">${e(t.closing)}</p>`,
    `<p style="margin:0;${FONT};font-size:15px;line-height:1.55;color:${INK}">${t.signature.map(e).join('<br>')}</p>`,
    '</td></tr>',
    '</table>',
    `<p style="max-width:560px;margin:14px auto 0;${FONT};font-size:12px;line-height:1.5;color:${MUTED};text-align:center">${e(t.footer)}</p>`,
    '</td></tr></table>',
    '</body></html>',
  ].join('\n')
}

function blockText(b: Block): string {
  switch (b.kind) {
    case 'p':
      return b.text
    case 'list':
      return b.items.map((i) => `- ${i}`).join('\n')
    case 'disk':
      return [`* ${b.name}`, `  ${b.facts}`, ...(b.note ? [`  ${b.note}`] : [])].join('\n')
  }
}

export function monthlyReportText(t: ReportText): string {
  const rule = (title: string) => `${title.toUpperCase()}\n${'-'.repeat(title.length)}`
  return [
    t.greeting,
    '',
    t.intro,
    '',
    t.summary.text,
    '',
    t.tiles.map((x) => `${x.label}: ${x.value}`).join(' | '),
    ...t.sections.flatMap((s) => ['', rule(s.title), ...s.blocks.map(blockText).join('\n\n').split('\n')]),
    '',
    t.closing,
    '',
    ...t.signature,
    '',
    '--',
    t.footer,
    '',
  ].join('\n')
}

export function renderMonthlyReport(d: MonthlyReportData): RenderedEmail {
  const t = reportText(d)
  return { subject: t.subject, html: monthlyReportHtml(t), text: monthlyReportText(t) }
}
