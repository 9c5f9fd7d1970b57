// Setting up the authenticator app: the QR code (an SVG made on the server, no style attribute,
// no script), the same secret as text for typing in, and the form for the first code, which is
// what activates the factor.
import type { Enrolment } from '../../lib/auth/second-factor.js'
import { CsrfField, ErrorAlert, TotpCodeInput } from './forms.js'

/** The base32 secret in groups of four, as authenticator apps print it. */
const grouped = (base32: string) => base32.replace(/(.{4})/g, '$1 ').trim()

export function EnrolmentCard(p: { csrf: string; enrolment: Enrolment; error?: string }) {
  return (
    <section class="card enrolment" aria-labelledby="enrol-heading">
      <h2 id="enrol-heading">Set up the authenticator app</h2>
      <ol class="steps">
        <li>Scan this code with an authenticator app (Aegis, 2FAS, Google Authenticator, 1Password…).</li>
        <li>Enter the 6-digit code it shows. The second factor is active from that moment.</li>
      </ol>
      <div
        class="qr"
        role="img"
        aria-label="QR code of the authenticator secret"
        dangerouslySetInnerHTML={{ __html: p.enrolment.qrSvg }}
      />
      <p>
        Cannot scan? Type this key into the app (time-based, SHA-1, 6 digits, 30 seconds):
        <br />
        <code class="secret" data-secret="totp">
          {grouped(p.enrolment.base32)}
        </code>
      </p>
      <ErrorAlert text={p.error} />
      <form method="post" action="/settings/security/confirm" class="stack narrow">
        <CsrfField token={p.csrf} />
        <label for="code">Code from the app</label>
        <TotpCodeInput />
        <button type="submit" class="btn btn-primary">
          Activate
        </button>
      </form>
    </section>
  )
}

/** The recovery codes, shown once: after enrolment and after generating new ones. */
export function RecoveryCodeList(p: { codes: string[] }) {
  return (
    <section class="card" aria-labelledby="codes-heading">
      <h2 id="codes-heading">Your recovery codes</h2>
      <p>
        Each code signs you in once when the authenticator app is not at hand. Store them somewhere safe now
        (a password manager, or on paper): <strong>they are not shown again</strong>, and the hub keeps only a
        keyed digest of each.
      </p>
      <ol class="recovery-codes" data-secret="recovery-codes">
        {p.codes.map((c) => (
          <li>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p>
        <a href="/settings/security" class="btn btn-primary">
          I have stored them
        </a>
      </p>
    </section>
  )
}
