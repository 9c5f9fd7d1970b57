// The frame of the pages shown before a full session exists (the sign-in page, the second sign-in
// step, the enrolment-only page): no navigation, one card in the middle.
import type { ComponentChildren } from 'preact'
import { ErrorAlert } from './forms.js'

export function BareFrame(p: {
  title: string
  wide?: boolean
  /** The brand is the page's heading (the sign-in page, which has no other). */
  brandHeading?: boolean
  children: ComponentChildren
}) {
  const Brand = p.brandHeading ? 'h1' : 'div'
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
          <Brand class="brand brand-dark">
            felhom <span>hub</span>
          </Brand>
          {p.children}
        </main>
      </body>
    </html>
  )
}

/** A sign-in step refused for now: too many failed attempts from this address. */
export function ThrottledNotice({ retryAfterSeconds }: { retryAfterSeconds: number }) {
  const minutes = Math.ceil(retryAfterSeconds / 60)
  return (
    <ErrorAlert text={`Too many failed sign-in attempts from this address. Try again in ${minutes} min.`} />
  )
}
