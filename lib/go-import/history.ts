// What the Go hub kept over time: infra backups, reports (full JSON and samples), events and the
// notification log. Each row goes through this hub's own statements (sealing, the report
// statements ingest uses, the events and notification_log inserts) and carries a key that makes a second run
// find it already there.
import type { InStatement } from '@libsql/client'
import { durationMs } from '../core/config.js'
import { encodeReportBody } from '../store/report-codec.js'
import type { Severity } from '../events/types.js'
import { sampleOf } from '../reports/samples.js'
import { headlineOf } from '../reports/ingest.js'
import { reportSchema } from '../api/schemas.js'
import { allAlertStates, initialAlertStateStatement } from '../store/alert-state.js'
import { dedupeKeysWithPrefix, insertEventStatement } from '../store/events.js'
import { infraBackupStatement, KEEP_VERSIONS, listInfraBackupVersions } from '../store/infra-backups.js'
import { decisionStatement, idempotencyKeysWithPrefix } from '../store/notification-log.js'
import { reportStatements, sampleRowStatement, storedReportTimes } from '../store/reports.js'
import { CUSTOMER_ID } from '../core/validate.js'
import { goJson, goText, goTime, type GoRow } from './source.js'
import { DAY, selected, type Outcome, type Step } from './step.js'

const encoder = new TextEncoder()
const idOf = (row: GoRow) => goText(row.customer_id)?.trim() ?? ''
const INVALID_ID = { kind: 'skip', reason: 'customer_id not valid in this hub' } as const

/** The latest KEEP_VERSIONS versions per customer, with the numbers the controller knows. */
export const infraBackupsStep: Step = async function* ({ env, source, check, now }) {
  const rows = [...source.rows('infra_backups', ['customer_id', 'version'])]
  const latest = new Map<string, number[]>()
  for (const r of rows) latest.set(idOf(r), [...(latest.get(idOf(r)) ?? []), Number(r.version)])
  for (const [id, versions] of latest) latest.set(id, versions.sort((a, b) => b - a).slice(0, KEEP_VERSIONS))
  const stored = new Map<string, Set<number>>()
  for (const row of source.rows('infra_backups', selected(check))) {
    const id = idOf(row)
    const version = Number(row.version)
    const payload = goText(row.payload)
    if (!CUSTOMER_ID.test(id)) yield INVALID_ID
    else if (!Number.isInteger(version) || version < 1)
      yield { kind: 'skip', reason: 'version is not a positive integer' }
    else if (!latest.get(id)!.includes(version))
      yield { kind: 'skip', reason: `older than the latest ${KEEP_VERSIONS} versions of its customer` }
    else if (!isObject(goJsonText(payload))) yield { kind: 'skip', reason: 'payload is not a JSON object' }
    else {
      if (!stored.has(id))
        stored.set(id, new Set((await listInfraBackupVersions(env.db, id)).map((v) => v.version)))
      if (stored.get(id)!.has(version)) yield { kind: 'unchanged' }
      else {
        const at = goTime(row.created_at) ?? now
        const stmt = await infraBackupStatement(env.secrets, id, version, encoder.encode(payload!), at)
        yield { kind: 'import', statements: [stmt] }
      }
    }
  }
}

const goJsonText = (t: string | null) => (t === null ? undefined : goJson(t))
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Reports, in three kinds: each customer's latest as a full report (always, as retention keeps it;
 * it creates a customer the hub does not know as manual), the others within full_reports_days as
 * full reports, and the rest within max_days as samples only. Latest reports go first, so every
 * sample finds its customer. A node silent for longer than the stale threshold starts stale or
 * down, so the switch does not alert again on an outage the Go hub already reported.
 */
export const reportsStep: Step = async function* (ctx) {
  const { env, source } = ctx
  // 1. The latest report of each customer, without reading payloads.
  const latest = new Map<string, { rowid: number; at: number }>()
  for (const r of source.rows('reports', ['customer_id', 'received_at'])) {
    const at = goTime(r.received_at)
    const prev = latest.get(idOf(r))
    if (at !== null && (!prev || at >= prev.at)) latest.set(idOf(r), { rowid: Number(r._rowid), at })
  }
  // What each customer already has here, read once per customer as its rows come.
  const known = new Map<string, Awaited<ReturnType<typeof storedReportTimes>>>()
  const stored = async (id: string) => {
    if (!known.has(id)) known.set(id, await storedReportTimes(env.db, id))
    return known.get(id)!
  }
  const latestRowids = new Set([...latest.values()].map((l) => l.rowid))
  const read = (rowids?: number[]) =>
    source.rows('reports', selected(ctx.check), rowids ? { rowids } : undefined)
  // 2. Latest reports, then 3. everything else.
  for (const row of read([...latestRowids])) yield await reportOutcome(ctx, row, 'full', stored)
  const fullFrom = ctx.now - env.config.retention.full_reports_days * DAY
  const keepFrom = ctx.now - env.config.retention.max_days * DAY
  for (const row of read()) {
    if (latestRowids.has(Number(row._rowid))) continue
    const at = goTime(row.received_at)
    if (at === null) yield { kind: 'skip', reason: 'received_at unreadable' }
    else if (at < keepFrom) yield { kind: 'skip', reason: 'older than retention.max_days' }
    else yield await reportOutcome(ctx, row, at >= fullFrom ? 'full' : 'sample', stored)
  }
  // 4. Where the import leaves each node's alert state.
  const states = await allAlertStates(env.db)
  const staleMs = durationMs(env.config.alerting.stale_threshold)
  const start: InStatement[] = []
  for (const [id, l] of latest) {
    const silent = ctx.now - l.at
    const state = silent > 2 * staleMs ? 'down' : silent > staleMs ? 'stale' : null
    if (state && CUSTOMER_ID.test(id) && !states.has(id))
      start.push(initialAlertStateStatement(id, state, ctx.now))
  }
  if (start.length > 0)
    yield {
      kind: 'note',
      text: `${start.length} node(s) silent for longer than alerting.stale_threshold start as stale or down (no new alert for them)`,
      statements: start,
    }
}

async function reportOutcome(
  ctx: Parameters<Step>[0],
  row: GoRow,
  kind: 'full' | 'sample',
  stored: (customerId: string) => Promise<{ reports: Set<number>; samples: Set<number> }>,
): Promise<Outcome> {
  const id = idOf(row)
  const at = goTime(row.received_at)
  if (!CUSTOMER_ID.test(id)) return INVALID_ID
  if (at === null) return { kind: 'skip', reason: 'received_at unreadable' }
  const text = goText(row.payload)
  const payload = goJsonText(text)
  if (!isObject(payload)) return { kind: 'skip', reason: 'payload is not a JSON object' }
  const parsed = reportSchema.safeParse({ ...payload, customer_id: id })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      kind: 'skip',
      reason: `payload is not a valid report (${issue.path.join('.')}: ${issue.message})`,
    }
  }
  const sample = sampleOf(parsed.data)
  if (kind === 'sample') {
    if ((await stored(id)).samples.has(Math.floor(at / 1000))) return { kind: 'unchanged' }
    return { kind: 'import', statements: [sampleRowStatement(id, sample, at)] }
  }
  if ((await stored(id)).reports.has(at)) return { kind: 'unchanged' }
  // The report as the controller sent it; one without its customer_id gets the column's.
  const raw = payload.customer_id === id ? text! : JSON.stringify({ ...payload, customer_id: id })
  const { body, codec } = await encodeReportBody(encoder.encode(raw), ctx.env.deflate)
  return {
    kind: 'import',
    statements: reportStatements([
      { customerId: id, receivedAt: at, body, codec, headline: headlineOf(parsed.data), sample },
    ]),
  }
}

const SEVERITY: Record<string, Severity> = {
  info: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  critical: 'error',
}
const EVENT_KEY = 'go-import:events:'

export const eventsStep: Step = async function* ({ env, source, check, now }) {
  const done = await dedupeKeysWithPrefix(env.db, EVENT_KEY)
  const keepFrom = now - env.config.retention.max_days * DAY
  for (const row of source.rows('events', selected(check))) {
    const id = idOf(row)
    const at = goTime(row.created_at)
    const severity = SEVERITY[goText(row.severity)?.trim().toLowerCase() ?? '']
    const type = goText(row.event_type)?.trim() ?? ''
    const key = `${EVENT_KEY}${row._rowid}`
    if (!CUSTOMER_ID.test(id)) yield INVALID_ID
    else if (at === null) yield { kind: 'skip', reason: 'created_at unreadable' }
    else if (at < keepFrom) yield { kind: 'skip', reason: 'older than retention.max_days' }
    else if (!severity) yield { kind: 'skip', reason: 'severity is not info, warning or error' }
    else if (type === '') yield { kind: 'skip', reason: 'event_type is empty' }
    else if (done.has(key)) yield { kind: 'unchanged' }
    else {
      const details = goJson(row.details)
      const occurred = goTime(row.occurred_at)
      const event = {
        customerId: id,
        eventType: type,
        severity,
        message: goText(row.message) ?? '',
        details:
          details === undefined || details === null ? null : isObject(details) ? details : { value: details },
        source: goText(row.source)?.trim() === 'hub' ? ('hub' as const) : ('controller' as const),
        occurredAt: occurred === null ? null : new Date(occurred).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        dedupeKey: key,
      }
      yield { kind: 'import', statements: [insertEventStatement(event, at)] }
    }
  }
}

const STATUS: Record<string, 'sent' | 'failed' | 'skipped'> = {
  sent: 'sent',
  success: 'sent',
  delivered: 'sent',
  failed: 'failed',
  fail: 'failed',
  error: 'failed',
  skipped: 'skipped',
}
const LOG_KEY = 'go-import:notification_log:'

export const notificationLogStep: Step = async function* ({ env, source, check, now }) {
  const done = await idempotencyKeysWithPrefix(env.db, LOG_KEY)
  const keepFrom = now - env.config.retention.max_days * DAY
  const operator = env.config.notifications.operator_email.trim().toLowerCase()
  for (const row of source.rows('notification_log', selected(check))) {
    const at = goTime(row.created_at)
    const rawStatus = goText(row.status)?.trim().toLowerCase() ?? ''
    const status = STATUS[rawStatus]
    const type = goText(row.event_type)?.trim() ?? ''
    const customerId = goText(row.customer_id)?.trim() || null
    const key = `${LOG_KEY}${row._rowid}`
    if (at === null) yield { kind: 'skip', reason: 'created_at unreadable' }
    else if (at < keepFrom) yield { kind: 'skip', reason: 'older than retention.max_days' }
    else if (!status) yield { kind: 'skip', reason: `status "${rawStatus}" is not a final decision` }
    else if (type === '') yield { kind: 'skip', reason: 'event_type is empty' }
    else if (customerId !== null && !CUSTOMER_ID.test(customerId)) yield INVALID_ID
    else if (done.has(key)) yield { kind: 'unchanged' }
    else {
      const recipient = goText(row.recipient)?.trim() || null
      const named = goText(row.channel)?.trim()
      const channel =
        named === 'operator' || named === 'customer'
          ? named
          : recipient !== null && recipient.toLowerCase() === operator
            ? 'operator'
            : 'customer'
      const entry = {
        customerId,
        eventId: null,
        channel,
        recipient,
        eventType: type,
        severity: null,
        subject: goText(row.subject),
        body: null,
        idempotencyKey: key,
      } as const
      yield { kind: 'import', statements: [decisionStatement(entry, status, goText(row.error), at)] }
    }
  }
}
