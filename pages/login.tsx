// The sign-in page: one password field, posted with a pre-session CSRF token.
export interface LoginPageProps {
  csrf: string
  error?: string
  /** Seconds until a throttled IP may try again. */
  retryAfterSeconds?: number
}

export function LoginPage(p: LoginPageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Sign in · felhom hub</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/hub.css" />
      </head>
      <body class="login-body">
        <main class="login-card card">
          <h1 class="brand brand-dark">
            felhom <span>hub</span>
          </h1>
          <p class="muted">Operator dashboard</p>
          {p.error ? (
            <div class="flash flash-error" role="alert">
              {p.error}
            </div>
          ) : null}
          {p.retryAfterSeconds ? (
            <div class="flash flash-error" role="alert">
              Too many failed sign-in attempts from this address. Try again in{' '}
              {Math.ceil(p.retryAfterSeconds / 60)} min.
            </div>
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
        </main>
      </body>
    </html>
  )
}
