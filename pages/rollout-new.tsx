// A new rollout: the settings as a GET form (Preview renders the waves, no JavaScript needed),
// then a POST form carrying the same settings and the plan's fingerprint to start it.
import type { ComponentChildren } from 'preact'
import type { RolloutFormErrors, RolloutFormValues } from '../lib/rollouts/plan.js'
import { CsrfField, ErrorAlert, errorAria, FormField } from './components/forms.js'
import { Layout, type Flash } from './components/layout.js'

export interface CustomerChoice {
  customerId: string
  name: string
  version: string | null
}

export interface WavePreview {
  label: string
  nodes: CustomerChoice[]
}

export interface NewRolloutPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  releases: string[]
  values: RolloutFormValues
  errors: RolloutFormErrors
  /** Who may be the canary for the chosen version: the eligible customers. */
  candidates: CustomerChoice[]
  preview: {
    waves: WavePreview[]
    excluded: (CustomerChoice & { text: string })[]
    fingerprint: string
    problem: string | null
  } | null
  active: { id: number; state: string } | null
  formError?: string
}

/** A field of the rollout form, its error taken from the form's errors. */
function Field(p: {
  name: keyof RolloutFormValues
  label: string
  errors: RolloutFormErrors
  hint?: string
  children: ComponentChildren
}) {
  return (
    <FormField name={p.name} label={p.label} error={p.errors[p.name]} hint={p.hint} children={p.children} />
  )
}

/** A free-text setting of the rollout form, as typed. */
function TextInput(p: {
  name: 'waves' | 'deadline' | 'soak'
  values: RolloutFormValues
  errors: RolloutFormErrors
}) {
  return (
    <input
      id={p.name}
      name={p.name}
      value={p.values[p.name]}
      autocomplete="off"
      {...errorAria(p.name, p.errors[p.name])}
    />
  )
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function NewRolloutPage(p: NewRolloutPageProps) {
  const v = p.values
  return (
    <Layout title="New rollout" section="rollouts" csrf={p.csrf} open={p.open} flash={p.flash}>
      <div class="page-head fo-head">
        <div>
          <h1>New rollout</h1>
          <p class="muted">
            Eligible: managed, not blocked, reporting ok or warn, not in maintenance, on an older controller.
          </p>
        </div>
      </div>
      {p.active ? (
        <div class="notice section-gap-bottom">
          Rollout <a href={`/rollouts/${p.active.id}`}>#{p.active.id}</a> is {p.active.state}: only one
          rollout runs at a time. Finish or abort it before starting another.
        </div>
      ) : null}
      <ErrorAlert text={p.formError} />
      {p.releases.length === 0 ? (
        <section class="card empty">
          <p>No controller release is known yet: the registry check has not found one.</p>
        </section>
      ) : (
        <form method="get" action="/rollouts/new" class="form rollout-form">
          <fieldset>
            <legend>Settings</legend>
            <Field name="version" label="Controller version" errors={p.errors}>
              <select id="version" name="version" {...errorAria('version', p.errors.version)}>
                {p.releases.map((r) => (
                  <option value={r} selected={r === v.version}>
                    {r}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              name="canary"
              label="Canary"
              errors={p.errors}
              hint="Updated alone first. The list is the customers eligible for the version shown; after changing the version, preview again."
            >
              <select id="canary" name="canary" {...errorAria('canary', p.errors.canary)}>
                <option value="" selected={v.canary === ''}>
                  — choose —
                </option>
                {p.candidates.map((c) => (
                  <option value={c.customerId} selected={c.customerId === v.canary}>
                    {c.name} ({c.customerId}, {c.version ?? '?'})
                  </option>
                ))}
              </select>
            </Field>
            <Field
              name="waves"
              label="Waves after the canary (% of the eligible fleet)"
              errors={p.errors}
              hint="Cumulative, ending at 100."
            >
              <TextInput name="waves" values={v} errors={p.errors} />
            </Field>
            <div class="row2">
              <Field
                name="deadline"
                label="Deadline per node"
                errors={p.errors}
                hint="Back on the new version within this."
              >
                <TextInput name="deadline" values={v} errors={p.errors} />
              </Field>
              <Field
                name="soak"
                label="Soak after each wave"
                errors={p.errors}
                hint="Watched before the next wave."
              >
                <TextInput name="soak" values={v} errors={p.errors} />
              </Field>
            </div>
            <div class="button-row field">
              <button type="submit" class="btn" name="preview" value="1">
                Preview waves
              </button>
            </div>
          </fieldset>
        </form>
      )}
      {p.preview ? <Preview {...p} preview={p.preview} /> : null}
    </Layout>
  )
}

function Preview(p: NewRolloutPageProps & { preview: NonNullable<NewRolloutPageProps['preview']> }) {
  const w = p.preview
  const nodes = w.waves.reduce((n, x) => n + x.nodes.length, 0)
  return (
    <section class="card preview" id="preview">
      <h2>
        <span>
          Preview: {plural(nodes, 'node')} in {plural(w.waves.length, 'wave')} to {p.values.version}
        </span>
      </h2>
      {w.problem ? <div class="flash flash-error">{w.problem}</div> : null}
      <ol class="wave-preview">
        {w.waves.map((wave, i) => (
          <li data-wave={i}>
            <div class="strong">
              Wave {i + 1}: {wave.label} <span class="muted">· {plural(wave.nodes.length, 'node')}</span>
            </div>
            <div class="chips">
              {wave.nodes.map((c) => (
                <span class="chip" title={`${c.customerId}, ${c.version ?? '?'}`}>
                  {c.name}
                </span>
              ))}
            </div>
          </li>
        ))}
      </ol>
      {w.excluded.length > 0 ? (
        <details class="section-gap">
          <summary>{plural(w.excluded.length, 'customer')} not in this rollout</summary>
          <ul class="excluded">
            {w.excluded.map((x) => (
              <li>
                <span class="strong">{x.name}</span> <span class="muted">({x.customerId})</span>: {x.text}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {!w.problem && !p.active ? (
        <form method="post" action="/rollouts" class="button-row section-gap">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="version" value={p.values.version} />
          <input type="hidden" name="canary" value={p.values.canary} />
          <input type="hidden" name="waves" value={p.values.waves} />
          <input type="hidden" name="deadline" value={p.values.deadline} />
          <input type="hidden" name="soak" value={p.values.soak} />
          <input type="hidden" name="fingerprint" value={w.fingerprint} />
          <button type="submit" class="btn btn-primary">
            Start rollout to {p.values.version}
          </button>
          <span class="muted">The canary is asked right away.</span>
        </form>
      ) : null}
    </section>
  )
}
