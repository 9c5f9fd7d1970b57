// Fleet operations on the fleet and customer pages: the drift badge and notice, the offer to
// queue a failed action, and the customer's queued actions with every attempt.
import type { Drift } from '../../lib/store/config-drift.js'
import type { QueuedAction, QueuedActionKind, QueuedAttempt } from '../../lib/store/queued-actions.js'
import { age, utc } from './format.js'
import { PostButton } from './forms.js'

const keys = (n: number) => `${n} ${n === 1 ? 'key' : 'keys'}`

/** On the fleet page: the live config differs from the hub's in this many keys. */
export function DriftBadge({ customerId, drift }: { customerId: string; drift: number | null | undefined }) {
  if (!drift) return null
  return (
    <a
      href={`/customers/${customerId}/config-diff`}
      class="drift-pill"
      title={`The live config differs from the hub's in ${keys(drift)}`}
    >
      drift {drift}
    </a>
  )
}

const ACTION_LABEL: Record<QueuedActionKind, string> = {
  'push-config': 'Push config',
  'trigger-update': 'Update',
}

export interface CustomerOpsProps {
  customerId: string
  csrf: string
  now: number
  drift: Drift | null
  /** The action a failed push or update offered to queue (the page's ?offer=). */
  offer: QueuedActionKind | null
  latestVersion: string | null
  queued: { actions: QueuedAction[]; attempts: QueuedAttempt[] }
}

export function CustomerOps(p: CustomerOpsProps) {
  const open = p.queued.actions.filter((a) => a.state === 'pending' || a.state === 'running')
  const offer = p.offer && !open.some((a) => a.action === p.offer) ? p.offer : null
  return (
    <>
      {p.drift?.state === 'drift' ? (
        <div class="notice drift-notice section-gap-bottom" data-drift={p.drift.differingKeys}>
          <strong>Config drift:</strong> the live config differs from the hub's in{' '}
          {keys(p.drift.differingKeys)} (since {utc(p.drift.since)}, checked {age(p.drift.checkedAt, p.now)}).{' '}
          <a href={`/customers/${p.customerId}/config-diff`}>Show the diff</a>
        </div>
      ) : null}
      {offer ? (
        <section class="card queue-offer" id="queue">
          <h2>
            Queue the{' '}
            {offer === 'push-config'
              ? 'config push'
              : `update${p.latestVersion ? ` to ${p.latestVersion}` : ''}`}
            ?
          </h2>
          <p class="muted">
            The hub tries again when the node next reports, and with backoff from the scheduler, for 7 days; a
            4xx answer stops it. It is never applied twice: an attempt whose answer is lost is not repeated.
          </p>
          <PostButton
            action={`/customers/${p.customerId}/queue-action`}
            csrf={p.csrf}
            label="Queue it"
            kind="primary"
            hidden={{ action: offer }}
          />
        </section>
      ) : null}
      {p.queued.actions.length > 0 ? <QueuedActionsCard {...p} /> : null}
    </>
  )
}

function QueuedActionsCard(p: CustomerOpsProps) {
  const attemptsOf = (id: number) => p.queued.attempts.filter((a) => a.actionId === id)
  return (
    <section class="card queued" id={p.offer ? undefined : 'queue'}>
      <h2>Queued actions</h2>
      <div class="table-scroll">
        <table class="table stack-table">
          <thead>
            <tr>
              <th>Action</th>
              <th>State</th>
              <th>Queued</th>
              <th>Attempts</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {p.queued.actions.map((a) => (
              <tr data-action={a.id} data-state={a.state}>
                <td>
                  <span class="strong">{ACTION_LABEL[a.action]}</span>
                  {a.version ? <span class="muted"> to {a.version}</span> : null}
                  <div class="sub">{a.note}</div>
                </td>
                <td>
                  <span class={`qstate qstate-${a.state}`}>{a.state}</span>
                  {a.state === 'pending' ? (
                    <div class="sub">
                      next{' '}
                      {a.nextAttemptAt <= p.now ? 'at the next tick or report' : `at ${utc(a.nextAttemptAt)}`}
                      ; expires {utc(a.expiresAt)}
                    </div>
                  ) : null}
                </td>
                <td data-label="queued">{age(a.createdAt, p.now)}</td>
                <td>
                  {attemptsOf(a.id).length === 0 ? (
                    <span class="muted">none yet</span>
                  ) : (
                    <ol class="attempts">
                      {attemptsOf(a.id).map((t) => (
                        <li>
                          <time title={utc(t.startedAt)}>{utc(t.startedAt)}</time>{' '}
                          <span class="muted">({t.trigger})</span>{' '}
                          <span class={`qstate qstate-${t.outcome ?? 'running'}`}>
                            {t.outcome ?? 'running'}
                          </span>{' '}
                          {t.message}
                        </li>
                      ))}
                    </ol>
                  )}
                </td>
                <td>
                  {a.state === 'pending' ? (
                    <PostButton
                      action={`/customers/${p.customerId}/cancel-queued-action`}
                      csrf={p.csrf}
                      label="Cancel"
                      hidden={{ action_id: String(a.id) }}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
