// Acknowledging a stale, down or error state: from the detail page, or from the signed link in a
// push message or email, without a session. A GET of the link changes nothing.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { ACK_LINK_TTL_MS } from '../../../lib/oncall/ack-link.js'
import { checkStaleness } from '../../../scheduled/staleness.js'
import { dashboardEnv, flashOf, getPage, postForm, signIn } from '../../support/dashboard.js'
import { startFakeNtfy, startFakeTelegram } from '../../support/fake-push.js'
import { resendConfig, startFakeResend } from '../../support/fake-resend.js'
import { hubEvents, MIN, sendEvent, sendReport } from '../../support/scheduled-seed.js'
import { channelsSchema } from '../../../lib/core/channels.js'

const T0 = Date.parse('2026-11-29T22:00:00Z')
const PUBLIC = 'https://hub.felhom.test'

async function downNode() {
  const [ntfy, tg, resend] = await Promise.all([startFakeNtfy(), startFakeTelegram(), startFakeResend()])
  const channels = channelsSchema.parse([
    { type: 'ntfy', url: ntfy.topicUrl, token: ntfy.token },
    { type: 'telegram', bot_token: tg.botToken, chat_id: '42', base_url: tg.url },
  ])
  const env = await dashboardEnv({
    clock: fixedClock(T0),
    config: { server: { public_url: PUBLIC }, notifications: { ...resendConfig(resend), channels } } as never,
  })
  await sendReport(env, 'kovacs-csalad')
  env.clock.set(T0 + 61 * MIN)
  await checkStaleness(env) // straight to down
  await env.settle()
  return { env, ntfy, tg, resend }
}

const linkPath = (url: string) => new URL(url).pathname

describe('the signed acknowledgement link', () => {
  it('comes with the alert on every channel, shows a confirm page on GET and acknowledges on POST', async () => {
    const { env, ntfy, tg, resend } = await downNode()
    const actions = ntfy.messages[0].actions
    const link = /^view, Acknowledge, (\S+), clear=true$/.exec(actions)![1]
    expect(link.startsWith(`${PUBLIC}/ack/kovacs-csalad/down/`)).toBe(true)
    expect(tg.messages[0].reply_markup.inline_keyboard[0][1]).toEqual({ text: 'Acknowledge', url: link })
    expect(resend.emails[0].text).toContain(`Acknowledge (stops repeats until the state changes): ${link}`)
    // The log keeps the alert, never the link.
    const stored = await env.db.execute('SELECT body FROM notification_log WHERE body IS NOT NULL')
    for (const r of stored.rows) expect(String(r.body)).not.toContain('/ack/')

    // A link scanner's GET changes nothing.
    const page = await getPage(env, linkPath(link))
    expect(page.status).toBe(200)
    expect(page.html).toContain('Acknowledge down')
    expect(page.html).toContain('<form method="post"')
    expect((await env.db.execute('SELECT count(*) AS n FROM acknowledgements')).rows[0].n).toBe(0)

    const done = await postForm(env, linkPath(link), null)
    expect(done.status).toBe(200)
    expect(done.html).toContain('Acknowledged')
    expect(await postForm(env, linkPath(link), null).then((r) => r.html)).toContain('Already acknowledged')
    const fleet = await getPage(env, '/', await signIn(env))
    expect(fleet.html).toContain('acknowledged by link, 0 s ago')
  })

  it('stops repeat notifications for that state, and a new state notifies again', async () => {
    const { env, ntfy } = await downNode()
    const link = /Acknowledge, (\S+),/.exec(ntfy.messages[0].actions)![1]
    await postForm(env, linkPath(link), null)
    env.clock.advance(2 * 60 * MIN) // past the cooldown
    await sendEvent(env, 'kovacs-csalad', 'backup_failed', 'warning')
    await env.settle()
    expect(ntfy.messages).toHaveLength(1)
    const skipped = await env.db.execute(
      "SELECT reason FROM notification_log WHERE event_type = 'backup_failed' AND channel = 'ntfy'",
    )
    expect(skipped.rows[0].reason).toBe('acknowledged')

    // The node comes back and goes down again: a new state, not acknowledged.
    await sendReport(env, 'kovacs-csalad')
    await checkStaleness(env)
    env.clock.advance(61 * MIN)
    await checkStaleness(env)
    await env.settle()
    expect((await hubEvents(env, 'node_down')).length).toBe(2)
    expect(ntfy.messages.map((m) => m.title)).toEqual([
      'kovacs-csalad: node_down',
      'kovacs-csalad: node_down',
    ])
    // The old link belongs to the old state.
    expect((await postForm(env, linkPath(link), null)).html).toContain('The state has changed')
  })

  it('refuses a link with any part changed, an expired one, or one signed for another purpose', async () => {
    const { env, ntfy } = await downNode()
    const link = linkPath(/Acknowledge, (\S+),/.exec(ntfy.messages[0].actions)![1])
    const [, , customer, state, since, expires, sig] = link.split('/')
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1)
    const tampered = [
      `/ack/nagy-bt/${state}/${since}/${expires}/${sig}`,
      `/ack/${customer}/stale/${since}/${expires}/${sig}`,
      `/ack/${customer}/${state}/${Number(since) + 1}/${expires}/${sig}`,
      `/ack/${customer}/${state}/${since}/${Number(expires) + 86_400_000}/${sig}`,
      `/ack/${customer}/${state}/${since}/${expires}/${flip(sig)}`,
      `/ack/${customer}/ok/${since}/${expires}/${sig}`,
      `/ack/${customer}/${state}/${since}/${expires}/short`,
    ]
    for (const path of tampered) {
      expect((await getPage(env, path)).status, path).toBe(404)
      const post = await postForm(env, path, null)
      expect([path, post.status]).toEqual([path, 404])
      expect(post.html).toContain('not valid')
    }
    // The hub's other MAC (the one Idempotency-Keys use) cannot stand in for the link's.
    const data = new TextEncoder().encode(`${customer}\n${state}\n${since}\n${expires}`)
    const other = Buffer.from(await env.secrets.mac(data), 'hex').toString('base64url')
    expect((await postForm(env, `/ack/${customer}/${state}/${since}/${expires}/${other}`, null)).status).toBe(
      404,
    )
    expect((await env.db.execute('SELECT count(*) AS n FROM acknowledgements')).rows[0].n).toBe(0)

    env.clock.advance(ACK_LINK_TTL_MS)
    const late = await postForm(env, link, null)
    expect(late.status).toBe(410)
    expect(late.html).toContain('expired')
    expect((await env.db.execute('SELECT count(*) AS n FROM acknowledgements')).rows[0].n).toBe(0)
  })
})

describe('acknowledging on the detail page', () => {
  it('acknowledges the state shown, and the fleet says who and when', async () => {
    const { env } = await downNode()
    const s = await signIn(env)
    const detail = await getPage(env, '/customers/kovacs-csalad', s)
    expect(detail.html).toContain('Acknowledge down')
    const since = /name="since" value="(\d+)"/.exec(detail.html)![1]
    const res = await postForm(env, '/customers/kovacs-csalad/acknowledge', s, { state: 'down', since })
    expect(flashOf(res)).toMatchObject({ kind: 'ok' })
    env.clock.advance(12 * MIN)
    expect((await getPage(env, '/', s)).html).toContain('acknowledged by dashboard, 12 min ago')
    expect((await getPage(env, '/customers/kovacs-csalad', s)).html).toContain('acknowledged by dashboard')
  })

  it('refuses a state that is no longer current', async () => {
    const { env } = await downNode()
    const s = await signIn(env)
    const res = await postForm(env, '/customers/kovacs-csalad/acknowledge', s, { state: 'stale', since: '1' })
    expect(flashOf(res)).toMatchObject({ kind: 'error' })
    expect((await env.db.execute('SELECT count(*) AS n FROM acknowledgements')).rows[0].n).toBe(0)
  })
})
