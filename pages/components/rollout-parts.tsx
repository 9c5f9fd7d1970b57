// Pieces the rollout pages share: state tags, the node table with each node's timeline.
import type {
  NodeState,
  RolloutLogEntry,
  RolloutNode,
  RolloutState,
  WaveState,
} from '../../lib/store/rollouts.js'
import { utc } from './format.js'
import { PostButton } from './forms.js'

const ROLLOUT_KIND: Record<RolloutState, string> = {
  running: 'running',
  halted: 'halted',
  completed: 'done',
  aborted: 'over',
}

export function RolloutStateTag({ state }: { state: RolloutState }) {
  return <span class={`rstate rstate-${ROLLOUT_KIND[state]}`}>{state.toUpperCase()}</span>
}

const WAVE_TEXT: Record<WaveState, string> = {
  waiting: 'waiting',
  running: 'updating',
  soaking: 'soaking',
  passed: 'passed',
}

export function WaveStateTag({ state }: { state: WaveState }) {
  return <span class={`rstate rstate-wave-${state}`}>{WAVE_TEXT[state]}</span>
}

const NODE_TEXT: Record<NodeState, string> = {
  waiting: 'waiting',
  triggering: 'asking',
  sent: 'updating',
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
}

export function NodeStateTag({ state }: { state: NodeState }) {
  return <span class={`nstate nstate-${state}`}>{NODE_TEXT[state]}</span>
}

/** Time of day in UTC for a timeline line; the full UTC date on hover. */
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16)

export function NodeTimeline({ entries }: { entries: RolloutLogEntry[] }) {
  if (entries.length === 0) return <span class="muted">not asked yet</span>
  return (
    <ol class="node-timeline">
      {entries.map((e) => (
        <li data-kind={e.kind}>
          <time title={utc(e.at)}>{clock(e.at)}</time> <span class="tl-kind">{e.kind}</span>{' '}
          <span class="tl-text">{e.message}</span>
        </li>
      ))}
    </ol>
  )
}

const SKIPPABLE: NodeState[] = ['waiting', 'triggering', 'sent', 'failed']

export interface NodeRow {
  node: RolloutNode
  name: string
  timeline: RolloutLogEntry[]
}

export function NodeTable(p: { rolloutId: number; rows: NodeRow[]; csrf: string; canAct: boolean }) {
  return (
    <div class="table-scroll">
      <table class="table nodes stack-table">
        <thead>
          <tr>
            <th>Customer</th>
            <th>From</th>
            <th>State</th>
            <th>Timeline (UTC)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {p.rows.map(({ node: n, name, timeline }) => (
            <tr data-customer={n.customerId} data-state={n.state}>
              <td>
                <a href={`/customers/${n.customerId}`} class="strong">
                  {name}
                </a>
                <div class="sub">{n.customerId}</div>
              </td>
              <td class="inline" data-label="from">
                {n.fromVersion ?? '—'}
              </td>
              <td class="inline">
                <NodeStateTag state={n.state} />
                {n.attempts > 1 ? <div class="sub">{n.attempts} requests</div> : null}
              </td>
              <td>
                <NodeTimeline entries={timeline} />
              </td>
              <td>
                {p.canAct && SKIPPABLE.includes(n.state) ? (
                  <PostButton
                    action={`/rollouts/${p.rolloutId}/skip`}
                    csrf={p.csrf}
                    label="Skip"
                    hidden={{ customer_id: n.customerId }}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
