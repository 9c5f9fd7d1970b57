// The enrolment-only page: auth.totp_required is set and no second factor exists yet, so the
// password led here and nowhere else. Nothing but enrolling (and signing out) is possible.
import type { Enrolment } from '../lib/auth/second-factor.js'
import { BareFrame } from './components/bare-frame.js'
import { EnrolmentCard } from './components/enrolment.js'
import { CsrfField } from './components/forms.js'

export interface EnrolPageProps {
  csrf: string
  enrolment: Enrolment | null
  error?: string
}

export function EnrolPage(p: EnrolPageProps) {
  return (
    <BareFrame title="Set up a second factor" wide>
      <h1>A second factor is required</h1>
      <p class="muted">
        This hub requires a second factor for every sign-in (<code>auth.totp_required</code>), and none is set
        up yet. Set one up to continue; until then the dashboard stays closed.
      </p>
      {p.enrolment ? (
        <EnrolmentCard csrf={p.csrf} enrolment={p.enrolment} error={p.error} />
      ) : (
        <form method="post" action="/settings/security/enrol" class="stack">
          <CsrfField token={p.csrf} />
          <button type="submit" class="btn btn-primary">
            Set up the authenticator app
          </button>
        </form>
      )}
      <form method="post" action="/logout" class="stack">
        <CsrfField token={p.csrf} />
        <button type="submit" class="btn">
          Sign out
        </button>
      </form>
    </BareFrame>
  )
}
