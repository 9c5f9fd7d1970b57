// The unified customer page. Three states: managed and reporting; managed, no report yet; manual.
import type { Severity } from '../lib/events/types.js'
import type { Status } from '../lib/reports/status.js'
import type { Customer } from '../lib/store/customers.js'
import type { StoredEvent } from '../lib/store/events.js'
import type { InfraBackupVersion } from '../lib/store/infra-backups.js'
import type { LogEntry as NotificationRecord } from '../lib/store/notification-log.js'
import type { HistoryPoint } from '../lib/store/reports.js'
import { StatusBadge, Tag } from './components/badge.js'
import { HistoryCharts, type Period } from './components/chart.js'
import {
  ConfigCard,
  CredentialsCard,
  EventsCard,
  NotificationsCard,
  UpdateCard,
  YamlCard,
} from './components/customer-cards.js'
import { CustomerOps, type CustomerOpsProps } from './components/fleet-ops.js'
import { age, utc } from './components/format.js'
import { CsrfField, PostButton } from './components/forms.js'
import { HouseholdCards, type HouseholdProps } from './components/household-cards.js'
import { Layout, type Flash } from './components/layout.js'
import { BackupsCard, ContainersCard, StorageCard, SystemCard } from './components/report-cards.js'
import { SetupCommands } from './components/setup.js'
import { MaintenanceBadge, OnCallCard } from './components/oncall.js'
import type { CustomerOnCall } from '../lib/oncall/view.js'

export interface CustomerPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  now: number
  customer: Customer
  status: Status
  controllerUrl: string | null
  report: Record<string, unknown> | null
  /** Why the latest report is not shown although one was stored (it cannot be read back). */
  reportProblem: string | null
  counts24h: { error: number; warning: number }
  events: StoredEvent[]
  severity: Severity | null
  history: HistoryPoint[]
  period: Period
  periodFrom: number
  notifications: NotificationRecord[]
  infraBackups: InfraBackupVersion[]
  yamlPreview: string | null
  yamlError?: string
  revealed: { api_key: string; retrieval_password: string } | null
  latestVersion: string | null
  updateAvailable: boolean
  publicUrl: string
  image: string
  /** Drift, the offer to queue a failed action, queued actions (#11 fleet operations). */
  ops: CustomerOpsProps
  /** Disk-full forecast, DR readiness, monthly report (#13). */
  households?: HouseholdProps
  /** Maintenance, acknowledgement and uptime (issue 10). */
  oncall?: CustomerOnCall
  maintenanceUntil?: string | null
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback)

/** A form that takes the customer id typed out: without JavaScript there is no confirm() dialog. */
function ConfirmForm(p: { customerId: string; csrf: string; action: 'delete' | 'purge'; label: string }) {
  const id = `confirm-${p.action}`
  return (
    <form method="post" action={`/customers/${p.customerId}/${p.action}`} class="button-row">
      <CsrfField token={p.csrf} />
      <label for={id}>Type {p.customerId} to confirm</label>
      <input
        id={id}
        name="confirm"
        type="text"
        autocomplete="off"
        required
        pattern={p.customerId}
        class="confirm-input"
      />
      <button type="submit" class="btn btn-danger">
        {p.label}
      </button>
    </form>
  )
}

/**
 * Delete removes the config only, as the Go hub did; purge erases everything. Both are kept apart
 * and say exactly what goes, so neither is mistaken for the other.
 */
function DangerZone({ c, csrf }: { c: Customer; csrf: string }) {
  return (
    <section class="card danger-zone section-gap">
      <h2>Danger zone</h2>
      {c.configType === 'managed' ? (
        <details>
          <summary>Delete the config of {c.customerId}</summary>
          <p class="muted">
            Deletes the managed config and the credentials (its API key and retrieval password stop working)
            and lifts a block. Reports, history, events, notifications and infra backups stay; if the
            controller keeps reporting, the customer is listed as manual.
          </p>
          <ConfirmForm
            customerId={c.customerId}
            csrf={csrf}
            action="delete"
            label={`Delete config of ${c.customerId}`}
          />
        </details>
      ) : null}
      <details>
        <summary>Purge {c.customerId}: erase everything</summary>
        <p class="muted">
          Erases everything the hub holds for this customer: config, credentials, reports, history, events,
          notification log and preferences, infra backups and alert state. This cannot be undone. If its
          controller keeps reporting, it starts over as a new manual customer.
        </p>
        <ConfirmForm customerId={c.customerId} csrf={csrf} action="purge" label={`Purge ${c.customerId}`} />
      </details>
    </section>
  )
}

function Actions(p: CustomerPageProps) {
  const c = p.customer
  const base = `/customers/${c.customerId}`
  const managed = c.configType === 'managed'
  return (
    <div class="actions">
      {managed ? (
        <>
          <PostButton action={`${base}/push-config`} csrf={p.csrf} label="Push config" kind="primary" />
          <PostButton action={`${base}/pull-config`} csrf={p.csrf} label="Pull config" />
          <a href={`${base}/config-diff`} class="btn">
            Show diff
          </a>
        </>
      ) : (
        <PostButton action={`${base}/create-config`} csrf={p.csrf} label="Create config" kind="primary" />
      )}
      {c.blocked ? (
        <PostButton action={`${base}/unblock`} csrf={p.csrf} label="Unblock" />
      ) : (
        <PostButton action={`${base}/block`} csrf={p.csrf} label="Block" kind="danger" />
      )}
    </div>
  )
}

export function CustomerPage(p: CustomerPageProps) {
  const c = p.customer
  const managed = c.configType === 'managed'
  const o = c.monitoringOverrides
  const state = !managed ? 'manual' : p.report || p.reportProblem ? 'reporting' : 'waiting'
  const { error: errors, warning: warnings } = p.counts24h
  const setup = (
    <SetupCommands
      publicUrl={p.publicUrl}
      customerId={c.customerId}
      image={p.image}
      retrievalPassword={p.revealed?.retrieval_password ?? null}
    />
  )
  return (
    <Layout
      title={c.displayName || c.customerId}
      section="configs"
      csrf={p.csrf}
      open={p.open}
      flash={p.flash}
    >
      {c.blocked ? (
        <div class="banner banner-blocked" role="alert">
          This customer is blocked: its reports and events are stored, but it gets no config and no
          notifications, and it is hidden from the fleet.
        </div>
      ) : null}
      <div class="page-head" data-state={state}>
        <div>
          <div class="title-row">
            <h1>{c.displayName || c.hostname || c.customerId}</h1>
            <StatusBadge status={p.status} />
            <Tag kind={c.configType}>{c.configType.toUpperCase()}</Tag>
            <MaintenanceBadge until={p.maintenanceUntil ?? null} />
          </div>
          <p class="muted">
            {c.customerId} · last report {age(c.lastReportAt, p.now)}
            {c.lastReportAt ? ` (${utc(c.lastReportAt)})` : ''} · controller {c.controllerVersion ?? '—'} · 24
            h: <span class={errors ? 'count-error' : undefined}>{plural(errors, 'error')}</span>,{' '}
            <span class={warnings ? 'count-warning' : undefined}>{plural(warnings, 'warning')}</span>
          </p>
        </div>
        <Actions {...p} />
      </div>

      <CustomerOps {...p.ops} />
      {state === 'manual' ? (
        <div class="notice">
          Manual customer: this controller reports to the hub, but the hub holds no config for it. "Create
          config" builds a managed config from its latest report.
        </div>
      ) : null}
      {p.reportProblem ? (
        <div class="notice">
          The latest report cannot be read ({p.reportProblem}). Its figures are not shown until the next
          report replaces it; the history below is unaffected.
        </div>
      ) : null}
      {p.oncall ? <OnCallCard customerId={c.customerId} csrf={p.csrf} now={p.now} oncall={p.oncall} /> : null}
      {state === 'waiting' ? (
        <section class="card">
          <h2>Waiting for the first report</h2>
          <p>No controller has reported for this customer yet. Deploy one with these commands:</p>
          {setup}
        </section>
      ) : null}

      {p.report ? (
        <>
          <div class="grid section-gap">
            <SystemCard report={p.report} />
            <StorageCard
              report={p.report}
              warnAt={num(o.disk_warn_percent, 80)}
              criticalAt={num(o.disk_critical_percent, 90)}
            />
          </div>
          <div class="section-gap">
            <ContainersCard report={p.report} restartThreshold={num(o.container_restart_threshold, 5)} />
          </div>
        </>
      ) : null}

      <div class="grid section-gap">
        <BackupsCard report={p.report} infra={p.infraBackups} now={p.now} />
        <ConfigCard c={c} controllerUrl={p.controllerUrl} />
      </div>
      {p.households && state !== 'waiting' ? <HouseholdCards {...p.households} /> : null}

      {p.report || p.history.length > 0 ? (
        <div class="section-gap">
          <HistoryCharts
            customerId={c.customerId}
            points={p.history}
            period={p.period}
            from={p.periodFrom}
            to={p.now}
          />
        </div>
      ) : null}

      <div class="grid section-gap">
        <EventsCard customerId={c.customerId} events={p.events} severity={p.severity} now={p.now} />
        <NotificationsCard rows={p.notifications} now={p.now} />
      </div>

      {managed ? (
        <>
          <div class="grid section-gap">
            <CredentialsCard customerId={c.customerId} csrf={p.csrf} revealed={p.revealed} />
            <UpdateCard
              customerId={c.customerId}
              csrf={p.csrf}
              current={c.controllerVersion}
              latest={p.latestVersion}
              updateAvailable={p.updateAvailable}
              canCall={p.controllerUrl !== null}
            />
          </div>
          {state === 'reporting' ? (
            <section class="card section-gap">
              <h2>Setup commands</h2>
              {setup}
            </section>
          ) : null}
          <YamlCard yaml={p.yamlPreview} error={p.yamlError} />
        </>
      ) : null}
      <DangerZone c={c} csrf={p.csrf} />
    </Layout>
  )
}
