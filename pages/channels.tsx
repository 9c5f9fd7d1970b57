// The operator's notification channels (hub.yaml notifications.channels): where each goes, its
// threshold, its secret masked, a "send test" button each, and the latest deliveries.
import type { LogEntry } from '../lib/store/notification-log.js'
import { Tag } from './components/badge.js'
import { age, utc } from './components/format.js'
import { PostButton } from './components/forms.js'
import { Layout, type Flash } from './components/layout.js'

export interface ChannelRow {
  index: number
  type: string
  label: string
  /** Where it posts, without its secret. */
  target: string
  minSeverity: string
  secretName: string
  secretMasked: string
}

export interface ChannelsPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  now: number
  channels: ChannelRow[]
  email: { recipient: string | null; configured: boolean; enabled: boolean }
  cooldown: string
  recent: LogEntry[]
}

export function ChannelsPage(p: ChannelsPageProps) {
  return (
    <Layout title="Channels" section="channels" csrf={p.csrf} open={p.open} flash={p.flash}>
      <div class="page-head">
        <h1>Notification channels</h1>
        <p class="muted">
          The operator's warnings and errors go to the email and to every channel below that reaches its
          minimum severity: one decision per customer and event type within {p.cooldown}. Configured in
          hub.yaml (<code>notifications.channels</code>).
        </p>
      </div>
      <section class="card">
        <h2>Email</h2>
        <p>
          {p.email.recipient ?? 'No operator address (notifications.operator_email).'}{' '}
          {!p.email.enabled ? <Tag kind="warning">disabled</Tag> : null}
          {!p.email.configured ? <Tag kind="warning">Resend not configured</Tag> : null}
        </p>
      </section>
      <section class="card section-gap">
        <h2>Push channels</h2>
        {p.channels.length === 0 ? (
          <p class="muted">
            No push channels. Add ntfy, Telegram or a signed webhook under notifications.channels in hub.yaml
            (or HUB_NOTIFICATIONS_CHANNELS as JSON).
          </p>
        ) : (
          <table class="table compact table-stack" aria-label="push channels">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Type</th>
                <th scope="col">Posts to</th>
                <th scope="col">Minimum</th>
                <th scope="col">Secret</th>
                <th scope="col">Test</th>
              </tr>
            </thead>
            <tbody>
              {p.channels.map((c) => (
                <tr data-channel={c.index}>
                  <td data-label="#">{c.index}</td>
                  <td data-label="Type">{c.type}</td>
                  <td class="mono cell-wide" data-label="Posts to">
                    {c.target}
                  </td>
                  <td data-label="Minimum">{c.minSeverity}</td>
                  <td data-label="Secret">
                    {c.secretName}: <span class="mono">{c.secretMasked}</span>
                  </td>
                  <td class="cell-wide" data-label="Test">
                    <PostButton
                      action={`/settings/channels/${c.index}/test`}
                      csrf={p.csrf}
                      label={`Send test to ${c.type} #${c.index}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card section-gap">
        <h2>Latest deliveries</h2>
        {p.recent.length === 0 ? (
          <p class="muted">Nothing sent on a push channel yet.</p>
        ) : (
          <table class="table compact table-stack" aria-label="latest push deliveries">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Channel</th>
                <th scope="col">Message</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {p.recent.map((n) => (
                <tr>
                  <td title={utc(n.createdAt)} data-label="When">
                    {age(n.createdAt, p.now)}
                  </td>
                  <td data-label="Channel">
                    {n.channel}
                    <div class="sub">{n.recipient}</div>
                  </td>
                  <td class="cell-title" data-label="Message">
                    <span class="mono">{n.eventType}</span>
                    {n.customerId ? <div class="sub">{n.customerId}</div> : null}
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
    </Layout>
  )
}
