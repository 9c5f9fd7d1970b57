// /settings/security: the second factor (set up, replace, remove), the recovery codes, and the
// way to the sessions page.
import type { Enrolment, FactorStatus } from '../lib/auth/second-factor.js'
import { RECOVERY_CODE_COUNT } from '../lib/auth/recovery-codes.js'
import { EnrolmentCard, RecoveryCodeList } from './components/enrolment.js'
import { utc } from './components/format.js'
import { PostButton } from './components/forms.js'
import { Layout, type Flash } from './components/layout.js'

export interface SecurityPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  factor: FactorStatus
  /** An enrolment this session began and has not confirmed yet. */
  enrolment: Enrolment | null
  enrolmentError?: string
  totpRequired: boolean
  /** Shown once, right after they were made. */
  newRecoveryCodes?: string[]
}

export function SecurityPage(p: SecurityPageProps) {
  const layout = {
    title: 'Security',
    section: 'security' as const,
    csrf: p.csrf,
    open: p.open,
    flash: p.flash,
  }
  if (p.newRecoveryCodes) {
    return (
      <Layout {...layout}>
        <h1>Security</h1>
        <RecoveryCodeList codes={p.newRecoveryCodes} />
      </Layout>
    )
  }
  return (
    <Layout {...layout}>
      <div class="page-head">
        <div>
          <h1>Security</h1>
          <p class="muted">
            Second factor, recovery codes and <a href="/settings/sessions">sessions</a>. Every change here
            signs out every other session.
          </p>
        </div>
      </div>
      {p.open ? (
        <section class="card notice">
          No dashboard password is set, so there is nothing for a second factor to add to. Set{' '}
          <code>auth.password_hash</code> first.
        </section>
      ) : p.enrolment ? (
        <EnrolmentCard csrf={p.csrf} enrolment={p.enrolment} error={p.enrolmentError} />
      ) : (
        <FactorCard {...p} />
      )}
    </Layout>
  )
}

function FactorCard(p: SecurityPageProps) {
  const f = p.factor
  if (!f.enrolled) {
    return (
      <section class="card" aria-labelledby="factor-heading">
        <h2 id="factor-heading">Second factor: not set up</h2>
        <p>
          Signing in takes only the password. With an authenticator app set up, it also takes the 6-digit code
          the app shows.
        </p>
        <PostButton
          action="/settings/security/enrol"
          csrf={p.csrf}
          label="Set up the authenticator app"
          kind="primary"
        />
      </section>
    )
  }
  const low = f.recoveryCodesLeft <= 2
  return (
    <>
      <section class="card" aria-labelledby="factor-heading">
        <h2 id="factor-heading">Second factor: authenticator app</h2>
        <p>
          Active since {utc(f.since)}. Signing in takes the password and a code from the app.
          {p.totpRequired ? ' The hub requires it (auth.totp_required).' : ''}
        </p>
        <div class="button-row">
          <PostButton action="/settings/security/enrol" csrf={p.csrf} label="Move to a new phone" />
          {p.totpRequired ? null : (
            <PostButton
              action="/settings/security/remove"
              csrf={p.csrf}
              label="Remove the second factor"
              kind="danger"
            />
          )}
        </div>
      </section>
      <section class="card" aria-labelledby="codes-heading">
        <h2 id="codes-heading">Recovery codes</h2>
        <p class={low ? 'notice' : undefined}>
          {f.recoveryCodesLeft} of {RECOVERY_CODE_COUNT} unused.
          {low ? ' Generate new ones before they run out.' : ''}
        </p>
        <PostButton
          action="/settings/security/recovery-codes"
          csrf={p.csrf}
          label="Generate new recovery codes"
        />
        <p class="sub">The old codes stop working at once.</p>
      </section>
    </>
  )
}
