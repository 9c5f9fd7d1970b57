// Show Diff: the hub's generated config against the controller's live one, per key.
import { ErrorAlert } from './components/forms.js'
import type { DiffRow } from '../lib/controller-config/diff.js'
import { Layout, type Flash } from './components/layout.js'
import { ScrollBox } from './components/scroll-box.js'

export interface ConfigDiffProps {
  csrf: string
  open: boolean
  flash: Flash | null
  customerId: string
  controllerUrl: string | null
  rows: DiffRow[] | null
  error?: string
}

const KIND_LABEL: Record<DiffRow['kind'], string> = {
  only_hub: 'only in hub',
  only_controller: 'only on controller',
  changed: 'changed',
}

export function ConfigDiffPage(p: ConfigDiffProps) {
  return (
    <Layout title={`Diff · ${p.customerId}`} section="configs" csrf={p.csrf} open={p.open} flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>Config diff · {p.customerId}</h1>
          <p class="muted">
            Hub's generated controller.yaml against the live config of {p.controllerUrl ?? 'the controller'}.
            Key order, comments and volatile meta.* fields are ignored; secret values are masked.
          </p>
        </div>
        <a href={`/customers/${p.customerId}`} class="btn">
          Back to the customer
        </a>
      </div>
      <ErrorAlert text={p.error} />
      {p.rows && p.rows.length === 0 ? (
        <section class="card empty">
          <strong>In sync.</strong> The controller runs exactly the config the hub would push.
        </section>
      ) : null}
      {p.rows && p.rows.length > 0 ? (
        <section class="card">
          <h2>
            {p.rows.length} {p.rows.length === 1 ? 'difference' : 'differences'}
          </h2>
          <div class="legend">
            <span>
              <span class="swatch swatch-only_hub"></span>only in hub
            </span>
            <span>
              <span class="swatch swatch-only_controller"></span>only on controller
            </span>
            <span>
              <span class="swatch swatch-changed"></span>changed
            </span>
          </div>
          <ScrollBox label="Differences, scrolls sideways">
            <table class="table diff">
              <thead>
                <tr>
                  <th>Key</th>
                  <th>Difference</th>
                  <th>Hub</th>
                  <th>Controller</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr class={`diff-${r.kind}`} data-path={r.path} data-kind={r.kind}>
                    <td class="mono">{r.path}</td>
                    <td>
                      <span class={`kind kind-${r.kind}`}>{KIND_LABEL[r.kind]}</span>
                      {r.secret ? <div class="sub">secret · values differ</div> : null}
                    </td>
                    <td class="mono">{r.hub ?? '—'}</td>
                    <td class="mono">{r.live ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </section>
      ) : null}
    </Layout>
  )
}
