// The page a signed acknowledgement link opens: no session, one button. A GET only shows it, so a
// mail or chat link scanner that fetches the URL changes nothing; the button POSTs to the same URL.
export interface AckLinkPageProps {
  /** What the page says: the question, or how it ended. */
  view: 'confirm' | 'acknowledged' | 'already' | 'state_changed' | 'invalid' | 'expired'
  customerId?: string
  displayName?: string
  state?: string
  since?: string
}

const TEXT: Record<Exclude<AckLinkPageProps['view'], 'confirm'>, { heading: string; message: string }> = {
  acknowledged: {
    heading: 'Acknowledged',
    message:
      'No more notifications about this state. A new state (recovery or a new problem) notifies again.',
  },
  already: {
    heading: 'Already acknowledged',
    message: 'This state was acknowledged before. Nothing changed.',
  },
  state_changed: {
    heading: 'The state has changed',
    message: 'The node is no longer in the state this link was for, so there is nothing to acknowledge.',
  },
  invalid: { heading: 'Link not valid', message: 'This acknowledgement link is not valid.' },
  expired: {
    heading: 'Link expired',
    message: 'This acknowledgement link has expired. Use the dashboard instead.',
  },
}

export function AckLinkPage(p: AckLinkPageProps) {
  const who = p.displayName ? `${p.displayName} (${p.customerId})` : p.customerId
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>Acknowledge · felhom hub</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/hub.css" />
      </head>
      <body class="login-body">
        <main class="login-card card">
          <p class="brand brand-dark">
            felhom <span>hub</span>
          </p>
          {p.view === 'confirm' ? (
            <>
              <h1>Acknowledge?</h1>
              <p>
                {who} is <strong>{p.state}</strong> since {p.since}. Acknowledging stops further notifications
                about it until the state changes.
              </p>
              <form method="post" class="stack">
                <button type="submit" class="btn btn-primary">
                  Acknowledge {p.state}
                </button>
              </form>
            </>
          ) : (
            <>
              <h1>{TEXT[p.view].heading}</h1>
              <p role="status">{TEXT[p.view].message}</p>
              {who ? (
                <p>
                  <a href={`/customers/${p.customerId}`}>Open {who} in the dashboard</a>
                </p>
              ) : null}
            </>
          )}
        </main>
      </body>
    </html>
  )
}
