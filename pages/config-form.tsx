// Create or edit a managed customer's config. Errors sit beside their field; what was typed stays
// (except write-only tokens, which never travel back into the page).
import type { FieldName, FormErrors, FormValues } from '../lib/customers/form.js'
import { CsrfField, errorAria, FormField } from './components/forms.js'
import { Layout, type Flash } from './components/layout.js'

export interface ConfigFormProps {
  csrf: string
  open: boolean
  flash: Flash | null
  mode: 'create' | 'edit'
  values: FormValues
  errors: FormErrors
  /** Edit mode: which write-only tokens already have a stored value. */
  storedTokens?: { tunnel_token: boolean; registry_username: boolean; registry_token: boolean }
  /** A problem not tied to one field (e.g. the id is already taken). */
  formError?: string
}

function Field(p: {
  name: FieldName
  label: string
  values: FormValues
  errors: FormErrors
  hint?: string
  type?: 'text' | 'password'
  placeholder?: string
  readOnly?: boolean
}) {
  const error = p.errors[p.name]
  return (
    <FormField name={p.name} label={p.label} error={error} hint={p.hint}>
      <input
        id={p.name}
        name={p.name}
        // preact types password inputs separately; the attribute set is the same for both
        type={(p.type ?? 'text') as 'text'}
        value={p.type === 'password' ? '' : (p.values[p.name] ?? '')}
        placeholder={p.placeholder}
        readOnly={p.readOnly}
        autocomplete={p.type === 'password' ? 'new-password' : 'off'}
        {...errorAria(p.name, error)}
      />
    </FormField>
  )
}

export function ConfigFormPage(p: ConfigFormProps) {
  const creating = p.mode === 'create'
  const id = p.values.customer_id ?? ''
  const tokenHint = (name: 'tunnel_token' | 'registry_username' | 'registry_token') =>
    creating
      ? 'Optional. Write-only: it is never shown again.'
      : p.storedTokens?.[name]
        ? 'A value is stored. Leave empty to keep it; type a new one to replace it.'
        : 'Nothing stored yet. Leave empty to keep it that way.'
  const common = { values: p.values, errors: p.errors }
  return (
    <Layout
      title={creating ? 'New customer' : `Edit ${id}`}
      section={creating ? 'new' : 'configs'}
      csrf={p.csrf}
      open={p.open}
      flash={p.flash}
    >
      <div class="page-head">
        <h1>{creating ? 'New customer' : `Edit config · ${id}`}</h1>
        {creating ? null : <a href={`/customers/${id}`}>Back to the customer</a>}
      </div>
      {p.formError ? <div class="flash flash-error">{p.formError}</div> : null}
      {Object.keys(p.errors).length > 0 ? (
        <div class="flash flash-error">Please correct the fields marked below.</div>
      ) : null}
      <form method="post" action={creating ? '/configs' : `/configs/${id}`} class="form" novalidate>
        <CsrfField token={p.csrf} />
        <fieldset>
          <legend>Identity</legend>
          <Field
            name="customer_id"
            label="Customer id"
            {...common}
            readOnly={!creating}
            placeholder="kovacs-csalad"
            hint={creating ? 'Lowercase letters, digits and "-". Cannot be changed later.' : undefined}
          />
          <div class="row2">
            <Field name="display_name" label="Display name" {...common} placeholder="Kovács család" />
            <Field name="domain" label="Domain" {...common} placeholder="kovacs-csalad.felhom.eu" />
          </div>
          <Field
            name="controller_url"
            label="Pinned controller URL"
            {...common}
            placeholder="https://kovacs-csalad.felhom.eu"
            hint={PINNED_HINT}
          />
        </fieldset>
        <fieldset>
          <legend>Infrastructure tokens</legend>
          <Field
            name="tunnel_token"
            label="Tunnel token"
            type="password"
            {...common}
            hint={tokenHint('tunnel_token')}
          />
          <div class="row2">
            <Field
              name="registry_username"
              label="Registry username"
              type="password"
              {...common}
              hint={tokenHint('registry_username')}
            />
            <Field
              name="registry_token"
              label="Registry token"
              type="password"
              {...common}
              hint={tokenHint('registry_token')}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Monitoring overrides</legend>
          <p class="muted">Empty fields use the controller template's defaults.</p>
          <div class={p.errors.monitoring_enabled ? 'field has-error' : 'field'}>
            <label for="monitoring_enabled">Monitoring</label>
            <select id="monitoring_enabled" name="monitoring_enabled">
              <option value="" selected={!p.values.monitoring_enabled}>
                Template default
              </option>
              <option value="true" selected={p.values.monitoring_enabled === 'true'}>
                Enabled
              </option>
              <option value="false" selected={p.values.monitoring_enabled === 'false'}>
                Disabled
              </option>
            </select>
            {p.errors.monitoring_enabled ? (
              <div class="field-error">{p.errors.monitoring_enabled}</div>
            ) : null}
          </div>
          <div class="row2">
            <Field name="disk_warn_percent" label="Disk warning at (%)" {...common} placeholder="80" />
            <Field name="disk_critical_percent" label="Disk critical at (%)" {...common} placeholder="90" />
            <Field
              name="temperature_warn_c"
              label="Temperature warning at (°C)"
              {...common}
              placeholder="70"
            />
            <Field
              name="container_restart_threshold"
              label="Container restart threshold"
              {...common}
              placeholder="5"
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Legacy monitoring</legend>
          <details open={LEGACY.some((f) => p.errors[f] || p.values[f])}>
            <summary>Healthchecks ping URLs (deprecated)</summary>
            <p class="notice">
              Deprecated: ping monitoring is replaced by hub events. These values are still written into
              controller.yaml for older controllers; leave them empty for new customers.
            </p>
            <Field
              name="hc_base_url"
              label="Healthchecks base URL"
              {...common}
              placeholder="https://hc-ping.com"
            />
            <Field name="hc_report_uuid" label="Report ping UUID" {...common} />
            <Field name="hc_backup_uuid" label="Backup ping UUID" {...common} />
            <Field name="hc_dbdump_uuid" label="Database dump ping UUID" {...common} />
          </details>
        </fieldset>
        <div class="button-row">
          <button type="submit" class="btn btn-primary">
            {creating ? 'Create customer' : 'Save config'}
          </button>
          <a href={creating ? '/configs' : `/customers/${id}`} class="btn">
            Cancel
          </a>
        </div>
      </form>
    </Layout>
  )
}

const LEGACY: FieldName[] = ['hc_base_url', 'hc_report_uuid', 'hc_backup_uuid', 'hc_dbdump_uuid']

const PINNED_HINT =
  'Optional. Push, pull, diff and update use this URL; empty means the URL the controller reports.'
