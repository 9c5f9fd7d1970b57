// Shared pieces of the email templates: escaping, times in UTC and Budapest, the HTML frame.
import { budapestParts } from '../jobs/schedule.js'

export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Every interpolated value goes through this; the templates never trust event text. */
export const escapeHtml = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])

/** Subjects are single lines; a message with newlines must not fold into the header. */
export const oneLine = (s: string, max = 200): string => {
  const flat = s.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** `2026-11-29 04:30 UTC` */
export function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** `2026-11-29 05:30 Budapest` */
export function budapestTime(ms: number): string {
  const p = budapestParts(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)} Budapest`
}

/** The time an event happened: the controller's own timestamp when it sent a valid one. */
export function eventTime(occurredAt: string | null, receivedAt: number): number {
  const t = occurredAt ? Date.parse(occurredAt) : NaN
  return Number.isNaN(t) ? receivedAt : t
}

const BODY_STYLE =
  'font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;max-width:640px;margin:0 auto;padding:16px'

/** A minimal, mail-client-safe HTML document around already escaped inner HTML. */
export function htmlFrame(lang: 'en' | 'hu', titleEscaped: string, innerHtml: string): string {
  return [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><title>${titleEscaped}</title></head>`,
    `<body style="${BODY_STYLE}">`,
    innerHtml,
    '</body></html>',
  ].join('\n')
}

/** Plain text to HTML paragraphs: used when only the stored text of an email is left (the outbox). */
export function textToHtml(subject: string, text: string, lang: 'en' | 'hu' = 'en'): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n')
  return htmlFrame(lang, escapeHtml(subject), paragraphs)
}
