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
