// Forms that work without JavaScript: every POST carries the session's CSRF token.
import type { ComponentChildren } from 'preact'

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}

/** A one-button POST form: the way every dashboard action is triggered. */
export function PostButton(props: {
  action: string
  csrf: string
  label: string
  kind?: 'primary' | 'danger' | 'plain'
  confirm?: string
  hidden?: Record<string, string>
  children?: ComponentChildren
}) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField token={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      {props.children}
      <button type="submit" class={`btn btn-${props.kind ?? 'plain'}`} title={props.confirm}>
        {props.label}
      </button>
    </form>
  )
}

/**
 * A labelled field: its control (given `id={name}`, and `aria-describedby` naming `<name>-error`
 * while there is an error), the error beside it, and a hint.
 */
export function FormField(p: {
  name: string
  label: string
  error?: string
  hint?: string
  children: ComponentChildren
}) {
  return (
    <div class={p.error ? 'field has-error' : 'field'}>
      <label for={p.name}>{p.label}</label>
      {p.children}
      {p.error ? (
        <div class="field-error" id={`${p.name}-error`}>
          {p.error}
        </div>
      ) : null}
      {p.hint ? <div class="hint">{p.hint}</div> : null}
    </div>
  )
}

/** What a field's control says of its error: invalid, and described by the error's element. */
export const errorAria = (name: string, error: string | undefined) =>
  error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {}

/** An error the page answers with, announced to screen readers; nothing when there is none. */
export function ErrorAlert({ text }: { text?: string | null }) {
  return text ? (
    <div class="flash flash-error" role="alert">
      {text}
    </div>
  ) : null
}

/** The authenticator app's six-digit code (a space in the middle allowed, as apps show it). */
export function TotpCodeInput({ autofocus = false }: { autofocus?: boolean }) {
  return (
    <input
      id="code"
      name="code"
      type="text"
      inputMode="numeric"
      pattern="[0-9 ]{6,7}"
      autocomplete="one-time-code"
      required
      autofocus={autofocus}
    />
  )
}
