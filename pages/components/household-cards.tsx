// What the households feel (#13), on the detail page: the disk-full forecast per mount, DR
// readiness with the restore drill, and the monthly report (choice, last sent, preview). Also the
// two fleet cells (soonest disk full, DR badge).
import type { DiskForecast } from '../../lib/store/disk-usage.js'
import type { DrDrill, DrLevel, DrState } from '../../lib/store/dr.js'
import type { LogEntry } from '../../lib/store/notification-log.js'
import { Tag } from './badge.js'
import { age, utc } from './format.js'
import { PostButton } from './forms.js'

const DAY = 86_400_000
/** Within this many days a forecast is shown as a warning (the event fires at 14). */
const SOON_DAYS = 14

const DR_TAG: Record<DrLevel, { kind: string; label: string }> = {
  ready: { kind: 'ok', label: 'READY' },
  at_risk: { kind: 'warning', label: 'AT RISK' },
  not_ready: { kind: 'error', label: 'NOT READY' },
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const daysUntil = (ms: number, now: number) => Math.max(0, Math.round((ms - now) / DAY))

/** "full in about 23 days (around 2026-12-22)", or what stands instead of a date. */
export function forecastText(f: DiskForecast, now: number): string {
  if (f.fullAt !== null) {
    const d = daysUntil(f.fullAt, now)
    return d < 1
      ? `full within a day (${day(f.fullAt)})`
      : `full in about ${d} ${d === 1 ? 'day' : 'days'} (around ${day(f.fullAt)})`
  }
  if (f.slopePerDay === null) return 'no forecast: not enough recent history'
  if (f.slopePerDay <= 0) return 'not filling up'
  return 'growing slowly: not full within a year'
}

export function DrBadge({ state }: { state: DrState | null }) {
  if (!state) return <span class="muted">—</span>
  const t = DR_TAG[state.level]
  return (
    <span title={state.reasons.join('; ') || 'ready for a restore'}>
      <Tag kind={t.kind}>{t.label}</Tag>
    </span>
  )
}

/** Fleet cell: the customer's soonest disk-full date. */
export function DiskFullCell({ forecast, now }: { forecast: DiskForecast | null; now: number }) {
  if (!forecast || forecast.fullAt === null)
    return (
      <td class="zero" data-label="Disk full">
        —
      </td>
    )
  const d = daysUntil(forecast.fullAt, now)
  return (
    <td
      data-label="Disk full"
      class={d <= SOON_DAYS ? 'count-warning' : undefined}
      title={`${forecast.label} (${forecast.mount}): ${forecastText(forecast, now)}`}
    >
      {day(forecast.fullAt)} <span class="muted">{forecast.label}</span>
    </td>
  )
}

export function DrCell({ state }: { state: DrState | null }) {
  return (
    <td data-label="DR">
      <DrBadge state={state} />
    </td>
  )
}

function ForecastCard({ forecasts, now }: { forecasts: DiskForecast[]; now: number }) {
  return (
    <section class="card" id="disk-forecast">
      <h2>Disk-full forecast</h2>
      {forecasts.length === 0 ? (
        <p class="muted">
          No forecast yet: the household-checks job makes one every day at 05:15 (Budapest).
        </p>
      ) : (
        <>
          <table class="table compact">
            <tbody>
              {forecasts.map((f) => {
                const soon = f.fullAt !== null && f.fullAt - now <= SOON_DAYS * DAY
                return (
                  <tr data-mount={f.mount}>
                    <td>
                      <strong>{f.label}</strong> <span class="muted mono">{f.mount}</span>
                    </td>
                    <td class="num">{f.percentNow.toFixed(1)}%</td>
                    <td class="num muted" title="percentage points a day">
                      {f.slopePerDay === null
                        ? '—'
                        : `${f.slopePerDay >= 0 ? '+' : ''}${f.slopePerDay.toFixed(2)}/day`}
                    </td>
                    <td class={soon ? 'count-warning' : undefined}>{forecastText(f, now)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <p class="muted">
            Theil–Sen fit over the last 14 days, after the last cleanup; computed{' '}
            {age(forecasts[0].computedAt, now)}.
          </p>
        </>
      )}
    </section>
  )
}

function DrillLine({ drill, now }: { drill: DrDrill | null; now: number }) {
  if (!drill) return <p class="muted">No restore drill yet.</p>
  return (
    <div id="last-drill">
      <p>
        Last restore drill {age(drill.drilledAt, now)} ({utc(drill.drilledAt)}):{' '}
        {drill.ok ? <Tag kind="ok">PASSED</Tag> : <Tag kind="error">FAILED</Tag>}
        {drill.infraVersion !== null ? (
          <span class="muted"> · infra backup version {drill.infraVersion}</span>
        ) : null}
      </p>
      {drill.failed.length > 0 ? (
        <ul>
          {drill.failed.map((f) => (
            <li>
              <span class="mono">{f.name}</span>: {f.problem}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function DrCard(p: {
  customerId: string
  csrf: string
  state: DrState | null
  drill: DrDrill | null
  now: number
}) {
  const s = p.state
  return (
    <section class="card" id="dr-readiness">
      <div class="card-head">
        <h2>Disaster recovery</h2>
        <PostButton
          action={`/customers/${p.customerId}/restore-drill`}
          csrf={p.csrf}
          label="Run restore drill"
        />
      </div>
      {s ? (
        <>
          <p>
            <DrBadge state={s} />{' '}
            <span class="muted">
              since {age(s.changedAt, p.now)} · checked {age(s.checkedAt, p.now)}
            </span>
          </p>
          {s.reasons.length > 0 ? (
            <ul class="dr-reasons">
              {s.reasons.map((r) => (
                <li>{r}</li>
              ))}
            </ul>
          ) : (
            <p class="muted">
              The latest infra backup is fresh, complete and decrypts; the last backup and cross-drive copy
              met their deadline.
            </p>
          )}
        </>
      ) : (
        <p class="muted">
          Not assessed yet: daily at 05:15 (Budapest), after each infra backup and completed backup, and by a
          restore drill.
        </p>
      )}
      <DrillLine drill={p.drill} now={p.now} />
    </section>
  )
}

export interface MonthlyReportInfo {
  /** The customer's choice: null when never made or without preferences. */
  optedIn: boolean | null
  hasPreferences: boolean
  lastSent: LogEntry | null
}

function MonthlyReportCard(p: { customerId: string; csrf: string; info: MonthlyReportInfo; now: number }) {
  const { optedIn, hasPreferences, lastSent } = p.info
  const base = `/customers/${p.customerId}`
  return (
    <section class="card section-gap" id="monthly-report">
      <div class="card-head">
        <h2>Monthly report</h2>
        <div class="button-row">
          <a class="btn" href={`${base}/monthly-report`}>
            Preview last month
          </a>
          <a class="btn" href={`${base}/monthly-report?format=text`}>
            Text version
          </a>
        </div>
      </div>
      <div class="button-row">
        <span>
          {optedIn ? 'Sent' : 'Not sent'} to this customer on the 1st of each month, 09:00 (Budapest):{' '}
          {optedIn === null ? 'not asked for' : optedIn ? 'asked for' : 'turned off'}.
        </span>
        {hasPreferences ? (
          <PostButton
            action={`${base}/monthly-report-subscription`}
            csrf={p.csrf}
            label={optedIn ? 'Turn off' : 'Turn on'}
            hidden={{ monthly_report: optedIn ? 'off' : 'on' }}
          />
        ) : (
          <span class="muted">No notification preferences (no address to send to).</span>
        )}
      </div>
      {lastSent ? (
        <p class="muted">
          Last: {lastSent.idempotencyKey?.split(':').pop()} ·{' '}
          <Tag kind={lastSent.status}>{lastSent.status.toUpperCase()}</Tag> {age(lastSent.createdAt, p.now)}
          {lastSent.reason ? ` · ${lastSent.reason}` : ''}
        </p>
      ) : null}
    </section>
  )
}

export interface HouseholdProps {
  customerId: string
  csrf: string
  now: number
  forecasts: DiskForecast[]
  dr: DrState | null
  drill: DrDrill | null
  monthly: MonthlyReportInfo
}

export function HouseholdCards(p: HouseholdProps) {
  return (
    <>
      <div class="grid section-gap">
        <ForecastCard forecasts={p.forecasts} now={p.now} />
        <DrCard customerId={p.customerId} csrf={p.csrf} state={p.dr} drill={p.drill} now={p.now} />
      </div>
      <MonthlyReportCard customerId={p.customerId} csrf={p.csrf} info={p.monthly} now={p.now} />
    </>
  )
}
