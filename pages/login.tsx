// The sign-in page: one password field, posted with a pre-session CSRF token.
import { ErrorAlert } from './components/forms.js'
import { BareFrame, ThrottledNotice } from './components/bare-frame.js'

export interface LoginPageProps {
  csrf: string
  error?: string
  /** Seconds until a throttled IP may try again. */
  retryAfterSeconds?: number
}

export function LoginPage(p: LoginPageProps) {
  return (
    <BareFrame title="Sign in" brandHeading>
      <p class="muted">Operator dashboard</p>
      <ErrorAlert text={p.error} />
      {p.retryAfterSeconds ? (
        <ThrottledNotice retryAfterSeconds={p.retryAfterSeconds} />
      ) : (
        <form method="post" action="/login" class="stack">
          <input type="hidden" name="_csrf" value={p.csrf} />
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            autofocus
          />
          <button type="submit" class="btn btn-primary">
            Sign in
          </button>
        </form>
      )}
    </BareFrame>
  )
}
