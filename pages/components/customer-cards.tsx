// The detail page's operator sections: config, credentials, setup, YAML preview, update,
// events and notifications.
import type { Severity } from '../../lib/events/types.js'
import type { Customer } from '../../lib/store/customers.js'
import type { StoredEvent } from '../../lib/store/events.js'
import type { LogEntry as NotificationRecord } from '../../lib/store/notification-log.js'
import { Tag } from './badge.js'
import { age, text, utc } from './format.js'
import { PostButton } from './forms.js'
import { CodeBlock } from './scroll-box.js'

export function ConfigCard({ c, controllerUrl }: { c: Customer; controllerUrl: string | null }) {
  const overrides = Object.entries(c.monitoringOverrides).filter(([k]) => k !== 'healthchecks')
  return (
    <section class="card">
      <h2>
        Config
        {c.configType === 'managed' ? (
          <a href={`/configs/${c.customerId}/edit`} class="btn">
            Edit config
          </a>
        ) : null}
      </h2>
      <dl class="kv">
        <dt>Type</dt>
        <dd>
          <Tag kind={c.configType}>{c.configType.toUpperCase()}</Tag>
        </dd>
        <dt>Display name</dt>
        <dd>{text(c.displayName)}</dd>
        <dt>Domain</dt>
        <dd>{text(c.domain)}</dd>
        <dt>Controller URL</dt>
        <dd>
          {controllerUrl ? (
            <span class="mono">{controllerUrl}</span>
          ) : (
            <span class="muted">unknown (no report, nothing pinned)</span>
          )}
          <span class="muted">{c.controllerUrl ? ' · pinned' : controllerUrl ? ' · as reported' : ''}</span>
        </dd>
        <dt>Overrides</dt>
        <dd>
          {overrides.length === 0 ? (
            <span class="muted">template defaults</span>
          ) : (
            overrides.map(([k, v]) => (
              <div class="mono">
                {k}: {JSON.stringify(v)}
              </div>
            ))
          )}
        </dd>
        <dt>Created</dt>
        <dd>{utc(c.createdAt)}</dd>
      </dl>
    </section>
  )
}

export function CredentialsCard(p: {
  customerId: string
  csrf: string
  revealed: { api_key: string; retrieval_password: string } | null
}) {
  const value = (v: string | undefined, name: string) =>
    v ? (
      <code class="secret" data-secret={name}>
        {v}
      </code>
    ) : (
      <span class="masked">••••••••••••</span>
    )
  return (
    <section class="card" id="credentials">
      <div class="card-head">
        <h2>Credentials</h2>
        {p.revealed ? null : (
          <PostButton action={`/customers/${p.customerId}/reveal-credentials`} csrf={p.csrf} label="Reveal" />
        )}
      </div>
      <dl class="kv">
        <dt>API key</dt>
        <dd>{value(p.revealed?.api_key, 'api_key')}</dd>
        <dt>Retrieval password</dt>
        <dd>{value(p.revealed?.retrieval_password, 'retrieval_password')}</dd>
      </dl>
      {p.revealed ? (
        <p class="hint muted">Shown for this page view only; reload to hide them again.</p>
      ) : null}
    </section>
  )
}

export function YamlCard({ yaml, error }: { yaml: string | null; error?: string }) {
  return (
    <section class="card">
      <h2>
        Generated controller.yaml <span class="muted">secrets masked</span>
      </h2>
      {error ? <div class="flash flash-error">{error}</div> : null}
      {yaml ? <CodeBlock label="Generated controller.yaml" code={yaml} class="yaml" /> : null}
    </section>
  )
}

export function UpdateCard(p: {
  customerId: string
  csrf: string
  current: string | null
  latest: string | null
  updateAvailable: boolean
  canCall: boolean
}) {
  return (
    <section class="card">
      <h2>Controller update</h2>
      <dl class="kv">
        <dt>Running</dt>
        <dd>{text(p.current)}</dd>
        <dt>Newest release</dt>
        <dd>
          {text(p.latest)}
          {p.updateAvailable ? <span class="update-pill">update available</span> : null}
        </dd>
      </dl>
      <div class="button-row section-gap">
        {p.latest && p.canCall ? (
          <PostButton
            action={`/customers/${p.customerId}/trigger-update`}
            csrf={p.csrf}
            label={`Update to ${p.latest}`}
            kind={p.updateAvailable ? 'primary' : 'plain'}
          />
        ) : (
          <span class="muted">
            {p.latest
              ? 'Needs a managed config and a controller URL.'
              : 'No release known yet (the registry check has not run).'}
          </span>
        )}
      </div>
    </section>
  )
}

const SEVERITY_KIND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' }

interface EventsProps {
  customerId: string
  events: StoredEvent[]
  severity: Severity | null
  now: number
}

export function EventsCard(p: EventsProps) {
  const filter = (s: Severity | null, label: string) => (
    <a
      href={`/customers/${p.customerId}${s ? `?severity=${s}` : ''}#events`}
      class={p.severity === s ? 'active' : undefined}
    >
      {label}
    </a>
  )
  return (
    <section class="card" id="events">
      <h2>
        <span>
          Events <span class="muted">· last 50</span>
        </span>
        <span class="filters">
          {filter(null, 'All')}
          {filter('error', 'Errors')}
          {filter('warning', 'Warnings')}
          {filter('info', 'Info')}
        </span>
      </h2>
      {p.events.length === 0 ? (
        <p class="muted">No events{p.severity ? ` of severity ${p.severity}` : ''}.</p>
      ) : (
        <ul class="timeline">
          {p.events.map((e) => (
            <li data-severity={e.severity}>
              <span class="muted" title={utc(e.receivedAt)}>
                {age(e.receivedAt, p.now)}
              </span>
              <span>
                <Tag kind={SEVERITY_KIND[e.severity] ?? 'info'}>{e.severity}</Tag>
              </span>
              <div>
                <span class="etype">{e.eventType}</span>{' '}
                {e.source === 'hub' ? <span class="muted">(hub)</span> : null}
                <div>{e.message}</div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export function NotificationsCard({ rows, now }: { rows: NotificationRecord[]; now: number }) {
  return (
    <section class="card">
      <h2>Notifications</h2>
      {rows.length === 0 ? (
        <p class="muted">No notifications sent for this customer.</p>
      ) : (
        <table class="table compact table-stack">
          <thead>
            <tr>
              <th>When</th>
              <th>Channel</th>
              <th>Event</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((n) => (
              <tr>
                <td title={utc(n.createdAt)} data-label="When">
                  {age(n.createdAt, now)}
                </td>
                <td data-label="Channel">
                  {n.channel}
                  {n.recipient ? <div class="sub">{n.recipient}</div> : null}
                </td>
                <td class="cell-title" data-label="Event">
                  <span class="mono">{text(n.eventType)}</span>
                  {n.subject ? <div class="sub">{n.subject}</div> : null}
                </td>
                <td data-label="Result">
                  <Tag kind={n.status}>{n.status}</Tag>
                  {n.reason ? <div class="sub">{n.reason}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
