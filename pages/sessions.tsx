// /settings/sessions: every live session, with where and when it was last used, and the buttons
// that end one or all the others.
import type { SessionRow } from '../lib/store/sessions.js'
import { age, utc } from './components/format.js'
import { PostButton } from './components/forms.js'
import { Layout, type Flash } from './components/layout.js'

export interface SessionsPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  now: number
  sessions: SessionRow[]
  /** The public id of the session looking at the page. */
  current: string
}

export function SessionsPage(p: SessionsPageProps) {
  const others = p.sessions.filter((s) => s.publicId !== p.current).length
  return (
    <Layout title="Sessions" section="security" csrf={p.csrf} open={p.open} flash={p.flash}>
      <div class="page-head">
        <div>
          <h1>Sessions</h1>
          <p class="muted">
            Browsers signed in to this dashboard. A session ends after 7 days, at sign-out, when the password
            (<code>auth.password_hash</code>) changes, or when the second factor changes.{' '}
            <a href="/settings/security">Security settings</a>
          </p>
        </div>
        {others > 0 ? (
          <div class="actions">
            <PostButton
              action="/settings/sessions/revoke-others"
              csrf={p.csrf}
              label={`Sign out ${others} other session${others === 1 ? '' : 's'}`}
              kind="danger"
            />
          </div>
        ) : null}
      </div>
      <table class="table table-stack sessions">
        <thead>
          <tr>
            <th>Session</th>
            <th>Signed in</th>
            <th>Last seen</th>
            <th>Address</th>
            <th>Browser</th>
            <th>
              <span class="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {p.sessions.map((s) => (
            <tr data-session={s.publicId}>
              <td class="cell-title">
                <code>{s.publicId}</code>
                {s.publicId === p.current ? <span class="tag tag-ok">this browser</span> : null}
                {s.kind === 'enrol' ? <span class="tag tag-warning">enrolment only</span> : null}
              </td>
              <td data-label="Signed in">{utc(s.createdAt)}</td>
              <td data-label="Last seen">{age(s.lastSeenAt, p.now)}</td>
              <td class="mono" data-label="Address">
                {s.ip ?? '—'}
              </td>
              <td class="ua cell-wide" data-label="Browser">
                {s.userAgent ?? '—'}
              </td>
              <td>
                {s.publicId === p.current ? null : (
                  <PostButton
                    action="/settings/sessions/revoke"
                    csrf={p.csrf}
                    label="Sign out"
                    hidden={{ session: s.publicId }}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}
