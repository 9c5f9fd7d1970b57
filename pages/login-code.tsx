// The second sign-in step: the code from the authenticator app, or one of the recovery codes.
import { ErrorAlert, TotpCodeInput } from './components/forms.js'
import { BareFrame, ThrottledNotice } from './components/bare-frame.js'

export interface LoginCodePageProps {
  csrf: string
  mode: 'code' | 'recovery'
  error?: string
  /** Seconds until a throttled address may try again. */
  retryAfterSeconds?: number
}

export function LoginCodePage(p: LoginCodePageProps) {
  const recovery = p.mode === 'recovery'
  return (
    <BareFrame title="Second factor">
      <p class="muted">
        {recovery
          ? 'Enter one of your recovery codes. Each works once.'
          : 'Enter the 6-digit code your authenticator app shows for felhom hub.'}
      </p>
      <ErrorAlert text={p.error} />
      {p.retryAfterSeconds ? (
        <ThrottledNotice retryAfterSeconds={p.retryAfterSeconds} />
      ) : (
        <form method="post" action={recovery ? '/login/recovery' : '/login/code'} class="stack">
          <input type="hidden" name="_csrf" value={p.csrf} />
          {recovery ? (
            <>
              <label for="recovery_code">Recovery code</label>
              <input
                id="recovery_code"
                name="recovery_code"
                type="text"
                autocomplete="off"
                spellcheck={false}
                required
                autofocus
              />
            </>
          ) : (
            <>
              <label for="code">Code</label>
              <TotpCodeInput autofocus />
            </>
          )}
          <button type="submit" class="btn btn-primary">
            Verify
          </button>
        </form>
      )}
      <p class="sub">
        {recovery ? (
          <a href="/login/code">Use the authenticator app instead</a>
        ) : (
          <a href="/login/recovery">Lost your phone? Use a recovery code</a>
        )}
        {' · '}
        <a href="/login">Start over</a>
      </p>
    </BareFrame>
  )
}
