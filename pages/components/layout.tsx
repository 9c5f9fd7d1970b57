// The frame of every signed-in page: top bar, the open-dashboard warning, the flash message.
// On a phone the top bar wraps (brand and "Log out" on the first line, the links below) without
// any script. /assets/hub.js is loaded on every page; it only enhances (see pages/assets/hub-js.ts).
import type { ComponentChildren } from 'preact'
import { CsrfField } from './forms.js'

export interface Flash {
  kind: 'ok' | 'error'
  text: string
}

export interface LayoutProps {
  title: string
  section?: 'fleet' | 'configs' | 'new' | 'rollouts' | 'audit' | 'security' | 'channels'
  csrf: string
  /** auth.password_hash is empty: anyone who reaches the hub can use the dashboard. */
  open: boolean
  flash?: Flash | null
  children: ComponentChildren
}

export function Layout(p: LayoutProps) {
  const link = (href: string, key: LayoutProps['section'], label: string) => (
    <a href={href} class={p.section === key ? 'nav-link active' : 'nav-link'}>
      {label}
    </a>
  )
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} · felhom hub`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/hub.css" />
        <script src="/assets/hub.js" defer></script>
      </head>
      <body>
        {p.open ? (
          <div class="open-banner" role="alert">
            No dashboard password is set (auth.password_hash is empty): anyone who can reach this hub can use
            it. Set one with <code>npm run hash-password</code>.
          </div>
        ) : null}
        <header class="topbar">
          <a href="/" class="brand">
            felhom <span>hub</span>
          </a>
          <nav aria-label="Main">
            {link('/', 'fleet', 'Fleet')}
            {link('/configs', 'configs', 'Customers')}
            {link('/configs/new', 'new', 'New customer')}
            {link('/rollouts', 'rollouts', 'Rollouts')}
            {link('/audit', 'audit', 'Audit')}
            {link('/settings/security', 'security', 'Security')}
            {link('/settings/channels', 'channels', 'Channels')}
          </nav>
          {p.open ? null : (
            <form method="post" action="/logout" class="logout">
              <CsrfField token={p.csrf} />
              <button type="submit" class="btn btn-ghost">
                Log out
              </button>
            </form>
          )}
        </header>
        <main>
          {p.flash ? (
            <div class={`flash flash-${p.flash.kind}`} role="status">
              {p.flash.text}
            </div>
          ) : null}
          {p.children}
        </main>
      </body>
    </html>
  )
}

/** A page for "not found" and similar dead ends, inside the normal frame. */
export function MessagePage(p: Omit<LayoutProps, 'children'> & { heading: string; message: string }) {
  return (
    <Layout {...p}>
      <section class="card">
        <h1>{p.heading}</h1>
        <p>{p.message}</p>
        <p>
          <a href="/">Back to the fleet</a>
        </p>
      </section>
    </Layout>
  )
}
