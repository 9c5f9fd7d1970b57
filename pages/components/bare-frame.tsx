// The frame of the pages shown before a full session exists (the second sign-in step, the
// enrolment-only page): no navigation, one card in the middle, like the sign-in page.
import type { ComponentChildren } from 'preact'

export function BareFrame(p: { title: string; wide?: boolean; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · felhom hub`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/hub.css" />
      </head>
      <body class="login-body">
        <main class={p.wide ? 'login-card login-card-wide card' : 'login-card card'}>
          <div class="brand brand-dark">
            felhom <span>hub</span>
          </div>
          {p.children}
        </main>
      </body>
    </html>
  )
}
