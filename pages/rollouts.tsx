// The rollouts: the active one first, then the history, newest first.
import type { NodeState, Rollout } from '../lib/store/rollouts.js'
import { age } from './components/format.js'
import { Layout, type Flash } from './components/layout.js'
import { RolloutStateTag } from './components/rollout-parts.js'

export interface RolloutListRow {
  rollout: Rollout
  counts: Partial<Record<NodeState, number>>
}

export interface RolloutsPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  now: number
  rows: RolloutListRow[]
}

const total = (c: Partial<Record<NodeState, number>>) => Object.values(c).reduce((a, b) => a + (b ?? 0), 0)

export function RolloutsPage(p: RolloutsPageProps) {
  const active = p.rows.find((r) => r.rollout.state === 'running' || r.rollout.state === 'halted')
  return (
    <Layout title="Rollouts" section="rollouts" csrf={p.csrf} open={p.open} flash={p.flash}>
      <div class="page-head fo-head">
        <div>
          <h1>Rollouts</h1>
          <p class="muted">
            A controller version to the fleet in waves: a canary, then growing shares; any failure halts it.
          </p>
        </div>
        <div class="actions">
          {active ? (
            <span class="muted">
              Rollout #{active.rollout.id} is still {active.rollout.state}.
            </span>
          ) : (
            <a href="/rollouts/new" class="btn btn-primary">
              New rollout
            </a>
          )}
        </div>
      </div>
      {p.rows.length === 0 ? (
        <section class="card empty">
          <p>
            No rollout yet. <a href="/rollouts/new">Start one</a> once the registry check knows a release.
          </p>
        </section>
      ) : (
        <div class="table-scroll">
          <table class="table rollouts stack-table">
            <thead>
              <tr>
                <th>Rollout</th>
                <th>State</th>
                <th>Progress</th>
                <th>Started</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map(({ rollout: r, counts }) => (
                <tr data-rollout={r.id}>
                  <td>
                    <a href={`/rollouts/${r.id}`} class="strong">
                      #{r.id} → {r.version}
                    </a>
                    <div class="sub">canary {r.canary}</div>
                  </td>
                  <td class="inline">
                    <RolloutStateTag state={r.state} />
                  </td>
                  <td>
                    {counts.passed ?? 0} / {total(counts)} passed
                    {counts.failed ? <span class="count-error"> · {counts.failed} failed</span> : null}
                    {counts.skipped ? <span class="muted"> · {counts.skipped} skipped</span> : null}
                  </td>
                  <td data-label="started">{age(r.createdAt, p.now)}</td>
                  <td class="note-cell">{r.haltReason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  )
}
