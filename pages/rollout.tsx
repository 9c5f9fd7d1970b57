// One rollout: its state and settings, the halt reason, each wave with each node's timeline, and
// the operator's actions (resume, skip a node, abort) as POST forms.
import type { Rollout, RolloutLogEntry, RolloutWave } from '../lib/store/rollouts.js'
import { age, utc } from './components/format.js'
import { PostButton } from './components/forms.js'
import { RefreshControl } from './components/refresh.js'
import { Layout, type Flash } from './components/layout.js'
import { NodeTable, RolloutStateTag, WaveStateTag, type NodeRow } from './components/rollout-parts.js'

export interface RolloutPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  now: number
  rollout: Rollout
  waves: { wave: RolloutWave; rows: NodeRow[] }[]
  /** Entries about the rollout itself (started, halted, resumed…), newest last. */
  log: RolloutLogEntry[]
}

const span = (ms: number) =>
  ms % 3_600_000 === 0 && ms > 0
    ? `${ms / 3_600_000} h`
    : ms % 60_000 === 0
      ? `${ms / 60_000} min`
      : `${ms / 1000} s`

function waveLine(w: RolloutWave, soakMs: number, now: number): string {
  if (w.state === 'waiting') return 'starts when the wave before it has passed its soak'
  if (w.state === 'running') return `started ${age(w.startedAt, now)}`
  if (w.state === 'soaking') {
    const left = Math.max(0, (w.soakFrom ?? now) + soakMs - now)
    return `every node passed; soaking, ${Math.ceil(left / 60_000)} min left`
  }
  return `passed ${age(w.passedAt, now)}`
}

export function RolloutPage(p: RolloutPageProps) {
  const r = p.rollout
  const live = r.state === 'running' || r.state === 'halted'
  return (
    <Layout title={`Rollout #${r.id}`} section="rollouts" csrf={p.csrf} open={p.open} flash={p.flash}>
      <div class="page-head fo-head">
        <div>
          <div class="title-row">
            <h1>
              Rollout #{r.id} → {r.version}
            </h1>
            <RolloutStateTag state={r.state} />
          </div>
          <p class="muted">
            started {utc(r.createdAt)} · canary {r.canary} · waves canary,{' '}
            {r.percents.map((x) => `${x}%`).join(', ')} · deadline {span(r.deadlineMs)} · soak{' '}
            {span(r.soakMs)}
            {r.finishedAt ? ` · ended ${utc(r.finishedAt)}` : ''}
          </p>
        </div>
        {live ? <RefreshControl seconds={60} href={`/rollouts/${r.id}`} /> : null}
        {live ? (
          <div class="actions">
            {r.state === 'halted' ? (
              <PostButton action={`/rollouts/${r.id}/resume`} csrf={p.csrf} label="Resume" kind="primary" />
            ) : null}
            <PostButton action={`/rollouts/${r.id}/abort`} csrf={p.csrf} label="Abort" kind="danger" />
          </div>
        ) : null}
      </div>
      {r.state === 'halted' ? (
        <div class="banner banner-halted" role="alert">
          <strong>Halted.</strong> {r.haltReason}
          <div class="sub-banner">
            Resume asks refused nodes again and waits again for the others (never re-sending to a node that
            may have the request); skip a node to leave it out; abort to stop here.
          </div>
        </div>
      ) : null}
      {p.waves.map(({ wave, rows }) => (
        <section class="card wave" data-wave={wave.wave} data-state={wave.state}>
          <h2>
            <span>
              Wave {wave.wave + 1}: {wave.label}{' '}
              <span class="muted">
                · {rows.length} {rows.length === 1 ? 'node' : 'nodes'} · {waveLine(wave, r.soakMs, p.now)}
              </span>
            </span>
            <WaveStateTag state={wave.state} />
          </h2>
          <NodeTable rolloutId={r.id} rows={rows} csrf={p.csrf} canAct={live} />
        </section>
      ))}
      <section class="card">
        <h2>History</h2>
        <ul class="timeline history">
          {p.log.map((e) => (
            <li data-kind={e.kind}>
              <span class="muted" title={utc(e.at)}>
                {utc(e.at)}
              </span>
              <span class="tl-kind">{e.kind}</span>
              <div>{e.message}</div>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  )
}
