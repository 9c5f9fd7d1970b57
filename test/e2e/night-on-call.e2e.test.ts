// A night on call, run as an operator runs the hub: the dist build with `npm start`'s flags, a
// hub.yaml pointing Resend and three push channels at fakes on 127.0.0.1, a 3 s stale threshold,
// the in-process scheduler. Checked from outside only: what the fakes received, what the API and
// the dashboard answer, and notification_log. Along the way the channels misbehave (a hang, 429s,
// 500s) and the hub is stopped twice (SIGTERM, then kill -9) and started again on the same data.
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createClient } from '@libsql/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeNtfy, startFakeTelegram, startFakeWebhook, WEBHOOK_SECRET } from '../support/fake-push.js'
import { startFakeResend } from '../support/fake-resend.js'
import { reportFor } from '../support/fixtures.js'
import { buildDist, eventually, ROOT, startHub, type HubProcess } from '../support/process.js'

const GLOBAL_KEY = 'night-global-key-0123456789abcdef'
const SECRET_KEY = 'night-secret-key-0123456789abcdef-0123456789'
const ID = 'kovacs-csalad'
const DAILY_JOBS = ['backup', 'backup-deadline', 'prune', 'drift-check', 'household-checks', 'volume-watch']

const hubs: HubProcess[] = []
afterAll(() => {
  for (const h of hubs) h.child.kill('SIGKILL')
})
beforeAll(() => buildDist())

/** A port that was free a moment ago: the links in the alerts must outlive a restart. */
async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as { port: number }
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

interface LogRow {
  id: number
  event_type: string
  channel: string
  recipient: string | null
  status: string
  reason: string | null
  attempts: number
  body: string | null
}

describe('a night on call with the built hub', () => {
  it('tells everyone once, through failures, maintenance, an acknowledgement and two restarts', async () => {
    // 0. The outside world, the hub's configuration, and the customer, created as the README says.
    const [resend, ntfy, telegram, webhook] = await Promise.all([
      startFakeResend(),
      startFakeNtfy(),
      startFakeTelegram(),
      startFakeWebhook(),
    ])
    const dir = mkdtempSync(join(tmpdir(), 'felhom-night-'))
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const hubYaml = join(dir, 'hub.yaml')
    writeFileSync(
      hubYaml,
      JSON.stringify({
        server: { public_url: base, secret_key: SECRET_KEY },
        api: { report_api_key: GLOBAL_KEY },
        alerting: { stale_threshold: '3s' },
        notifications: {
          resend_api_key: resend.apiKey,
          operator_email: 'ops@felhom.test',
          channels: [
            { type: 'ntfy', url: ntfy.topicUrl, token: ntfy.token, min_severity: 'error' },
            { type: 'telegram', bot_token: telegram.botToken, chat_id: '42', base_url: telegram.url },
            { type: 'webhook', url: webhook.hookUrl, secret: WEBHOOK_SECRET },
          ],
        },
      }),
    )
    const vars = {
      HUB_CONFIG: hubYaml,
      HUB_SERVER_LISTEN: `127.0.0.1:${port}`,
      HUB_NOTIFICATIONS_RESEND_BASE_URL: resend.url,
    }
    const cli = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'dist/bin/customer.js'), 'create', ID, '--name', 'Kovács család', '--json'],
      { cwd: dir, env: { PATH: process.env.PATH, ...vars, HUB_SERVER_DATA_DIR: join(dir, 'data') } },
    )
    const customerKey: string = JSON.parse(cli.stdout).api_key
    const start = async () => {
      const hub = await startHub(vars, dir, 'dist')
      hubs.push(hub)
      return hub
    }
    let hub = await start()

    const db = createClient({ url: `file:${join(dir, 'data', 'hub.db')}`, intMode: 'number' })
    const rows = async (eventType: string) =>
      (
        await db.execute({
          sql: 'SELECT * FROM notification_log WHERE customer_id = ? AND event_type = ? ORDER BY id',
          args: [ID, eventType],
        })
      ).rows as unknown as LogRow[]
    const byChannel = (rs: LogRow[]) =>
      Object.fromEntries(rs.map((r) => [r.channel, `${r.status}${r.reason ? ` ${r.reason}` : ''}`]))
    /** Waits until `n` rows of the type are decided (none pending), and answers them by channel. */
    const decided = (eventType: string, n: number) =>
      eventually(async () => {
        const rs = await rows(eventType)
        return rs.length === n && rs.every((r) => r.status !== 'pending') ? byChannel(rs) : undefined
      }, `${n} decided ${eventType} rows`)
    const call = (path: string, body?: unknown, key = customerKey) =>
      fetch(`${base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    // Healthy, backups off: the backup-deadline job, due at the first tick, has nothing to warn about.
    const report = () =>
      call(
        '/api/v1/report',
        reportFor(ID, {
          health: { status: 'ok', checks: [] },
          backups: { backup_enabled: false, dbdump_enabled: false },
        }),
      )
    const event = (event_type: string, severity: string) =>
      call('/api/v1/event', { customer_id: ID, event_type, severity, message: `${event_type} tonight` })
    const status = async () => (await (await call(`/api/v1/customers/${ID}`)).json()).status

    // The customer chose node_down, through the controller's own key.
    const prefs = { customer_id: ID, email: 'kovacs@example.hu', enabled_events: ['node_down'] }
    expect((await call('/api/v1/preferences', { ...prefs, cooldown_hours: 6 })).status).toBe(200)

    // 1. The node reports, then goes silent. The webhook does not answer the first alert.
    webhook.script(1, 'hang')
    expect((await report()).status).toBe(200)
    const hung = await eventually(async () => webhook.received.find((r) => r.answered === 'hung'), 'hang')
    // Ingest goes on while a delivery hangs: the webhook's row is still waiting when this is answered.
    expect((await event('backup_completed', 'info')).status).toBe(201)
    expect(byChannel(await rows('node_stale')).webhook).toBe('pending')

    // node_stale is a warning: below ntfy's min_severity, the others get it.
    await eventually(async () => {
      const d = byChannel(await rows('node_stale'))
      return d.operator?.startsWith('sent') && d.telegram?.startsWith('sent') ? d : undefined
    }, 'node_stale by email and on telegram')
    expect(byChannel(await rows('node_stale'))).toMatchObject({
      customer: 'skipped no_preference',
      ntfy: 'skipped below_min_severity',
    })
    // Then every service fails once: Resend and Telegram ask to wait, ntfy limits, without Retry-After.
    resend.answerNext(1, { status: 429, headers: { 'Retry-After': '1' } })
    telegram.floodWait(1, 1)
    ntfy.tooManyRequests(1)
    await eventually(async () => {
      const d = byChannel(await rows('node_down'))
      return d.operator?.startsWith('sent') && d.customer?.startsWith('sent') && d.webhook?.startsWith('sent')
        ? d
        : undefined
    }, 'node_down sent by email and webhook')
    expect(byChannel(await rows('node_down'))).toMatchObject({
      ntfy: expect.stringMatching(/^pending 429: /),
      telegram: expect.stringMatching(/^pending 429: /),
    })
    expect(await status()).toBe('down')
    const customerMail = resend.emails.filter((e) => e.to === 'kovacs@example.hu')
    expect(customerMail).toHaveLength(1)
    expect(customerMail[0].subject).toBe('Felhom: Nem érjük el a gépét')

    // 6a. SIGTERM with the webhook still hanging and two pushes waiting to be retried.
    hub.child.kill('SIGTERM')
    expect(await hub.exited).toBe(0)
    hub = await start()

    // 2. The node reports again: recovered (info, so the operator is not paged).
    expect((await report()).status).toBe(200)
    await decided('node_recovered', 2)
    expect(await status()).toBe('ok')

    // 3. The controller announces its reboot with its own key; 6b. the hub dies (kill -9) at once.
    const win = await call('/api/v1/maintenance', { customer_id: ID, duration: '12s', reason: 'reboot' })
    expect(win.status).toBe(201)
    hub.child.kill('SIGKILL')
    await hub.exited
    hub = await start()
    expect((await (await call('/api/v1/customers')).json()).customers[0].maintenance_until).toBe(
      (await win.json()).ends_at,
    )
    expect(await (await fetch(`${base}/customers/${ID}`)).text()).toContain('MAINTENANCE')
    // Silence within the window: recorded, not sent, on every channel (ntfy's own reason first).
    const quiet = (await eventually(async () => {
      const rs = (await rows('node_stale')).slice(5)
      return rs.length === 5 ? rs : undefined
    }, 'the second node_stale')) as LogRow[]
    expect(byChannel(quiet)).toEqual({
      operator: 'skipped maintenance',
      customer: 'skipped no_preference',
      ntfy: 'skipped below_min_severity',
      telegram: 'skipped maintenance',
      webhook: 'skipped maintenance',
    })
    const down2 = (await eventually(async () => {
      const rs = (await rows('node_down')).slice(5)
      return rs.length === 5 ? rs : undefined
    }, 'the second node_down')) as LogRow[]
    expect(byChannel(down2)).toEqual({
      operator: 'skipped maintenance',
      customer: 'skipped maintenance',
      ntfy: 'skipped maintenance',
      telegram: 'skipped maintenance',
      webhook: 'skipped maintenance',
    })
    // Still down when the window ends: the operator is told once.
    expect(await decided('maintenance_ended_down', 5)).toEqual({
      operator: expect.stringMatching(/^sent resend id/),
      customer: 'skipped no_preference',
      ntfy: 'skipped below_min_severity',
      telegram: expect.stringMatching(/^sent telegram/),
      webhook: 'sent webhook HTTP 204',
    })

    // 4. Acknowledge from the link in the operator's email, as a phone would: GET, then the button.
    const endedMail = resend.emails.find((e) => e.subject.includes('maintenance_ended_down'))!
    const link = /Acknowledge \(stops repeats until the state changes\): (\S+)/.exec(endedMail.text)![1]
    expect(link.startsWith(`${base}/ack/${ID}/down/`)).toBe(true)
    const confirm = await fetch(link)
    expect(confirm.status).toBe(200)
    expect(await confirm.text()).toContain('Acknowledge down')
    const pressed = await fetch(link, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
      body: '',
    })
    expect(await pressed.text()).toContain('Acknowledged')
    expect(await (await fetch(`${base}/`)).text()).toContain('acknowledged by link')
    // No repeats while the state lasts...
    expect((await event('backup_failed', 'error')).status).toBe(201)
    expect(await decided('backup_failed', 5)).toMatchObject({
      operator: 'skipped acknowledged',
      ntfy: 'skipped acknowledged',
      telegram: 'skipped acknowledged',
      webhook: 'skipped acknowledged',
    })
    // ...and a new state is not acknowledged. 5. This time Resend fails to the end.
    expect((await report()).status).toBe(200)
    await decided('node_recovered', 4)
    resend.answerNext(4, { status: 500 })
    expect((await event('disk_space_critical', 'error')).status).toBe(201)
    const critical = await decided('disk_space_critical', 5)
    expect(critical).toMatchObject({
      operator: expect.stringMatching(/^failed 500: /),
      ntfy: expect.stringMatching(/^sent ntfy/),
      telegram: expect.stringMatching(/^sent telegram/),
      webhook: 'sent webhook HTTP 204',
    })
    expect((await rows('disk_space_critical')).find((r) => r.channel === 'operator')!.attempts).toBe(4)

    // The node stays silent now: stale and down again within the cooldowns of the first outage.
    const third = async (type: string) =>
      byChannel(
        (await eventually(async () => {
          const rs = (await rows(type)).slice(10)
          return rs.length === 5 && rs.every((r) => r.status !== 'pending') ? rs : undefined
        }, `the third ${type}`)) as LogRow[],
      )
    expect(await third('node_stale')).toEqual({
      operator: 'skipped cooldown',
      customer: 'skipped no_preference',
      ntfy: 'skipped below_min_severity',
      telegram: 'skipped cooldown',
      webhook: 'skipped cooldown',
    })
    expect(await third('node_down')).toEqual({
      operator: 'skipped cooldown',
      customer: 'skipped cooldown',
      ntfy: 'skipped cooldown',
      telegram: 'skipped cooldown',
      webhook: 'skipped cooldown',
    })

    // 5. The first night's deliveries that failed for now arrived, once each, through the outbox.
    await eventually(
      async () => {
        const d = byChannel((await rows('node_down')).slice(0, 5))
        return d.ntfy?.startsWith('sent') && d.telegram?.startsWith('sent') ? d : undefined
      },
      'node_down retried on ntfy and telegram',
      40_000,
    )
    const staleWebhook = (await rows('node_stale')).find((r) => r.channel === 'webhook')!
    expect(staleWebhook.status).toBe('sent')
    expect(staleWebhook.attempts).toBe(2)
    expect(webhook.refused).toEqual([])
    const stale = webhook.verified.filter((v) => v.payload.data.event_type === 'node_stale')
    expect(stale).toHaveLength(1)
    expect(stale[0].id).toBe(hung.headers['webhook-id'])

    // The late node_down pushes (retried after the node had come back) link to no later state.
    const firstDown = (await rows('node_down'))[0] as unknown as { created_at: number }
    const lateLinks = [
      ...ntfy.messages.filter((m) => m.title.endsWith('node_down')).map((m) => m.actions),
      ...telegram.messages.filter((m) => m.text.includes(': node_down')).map((m) => JSON.stringify(m)),
    ].flatMap((t) => [...t.matchAll(/\/ack\/[^/]+\/[a-z]+\/(\d+)\//g)].map((m) => Number(m[1])))
    for (const since of lateLinks) expect(since).toBeLessThanOrEqual(firstDown.created_at)

    // Every message once; every push links to the customer's page under public_url.
    const page = `${base}/customers/${ID}`
    const types = (list: string[]) => list.sort()
    expect(types(ntfy.messages.map((m) => m.title))).toEqual(
      types(['Kovács család: node_down', 'Kovács család: disk_space_critical']),
    )
    for (const m of ntfy.messages) expect(m.click).toBe(page)
    const tg = telegram.messages.map((m) => m.text)
    for (const t of ['node_stale', 'node_down', 'maintenance_ended_down', 'disk_space_critical'])
      expect(tg.filter((x) => x.includes(`: ${t}`))).toHaveLength(1)
    for (const m of telegram.messages) expect(m.text + JSON.stringify(m.reply_markup)).toContain(page)
    expect(types(webhook.verified.map((v) => v.payload.data.event_type))).toEqual(
      types(['node_stale', 'node_down', 'maintenance_ended_down', 'disk_space_critical']),
    )
    for (const v of webhook.verified) expect(v.payload.data.url).toBe(page)
    expect(new Set(webhook.verified.map((v) => v.id)).size).toBe(webhook.verified.length)
    const opsSubjects = resend.emails.filter((e) => e.to === 'ops@felhom.test').map((e) => e.subject)
    for (const t of ['node_stale', 'node_down', 'maintenance_ended_down'])
      expect(opsSubjects.filter((s) => s.includes(t))).toHaveLength(1)
    const accepted = resend.attempts.filter((a) => a.status === 200).map((a) => a.idempotencyKey)
    expect(new Set(accepted).size).toBe(accepted.length)

    // 6. Each daily job ran once across three processes; the log holds no link and no secret.
    const runs = await db.execute(
      `SELECT job, count(*) AS n FROM job_runs WHERE job IN (${DAILY_JOBS.map(() => '?').join(',')}) GROUP BY job`,
      DAILY_JOBS,
    )
    for (const r of runs.rows) expect(r.n, String(r.job)).toBe(1)
    const bodies = await db.execute("SELECT body FROM notification_log WHERE body LIKE '%/ack/%'")
    expect(bodies.rows).toEqual([])
    hub.child.kill('SIGTERM')
    expect(await hub.exited).toBe(0)
    db.close()
    const out = hubs.map((h) => h.output()).join('\n') + cli.stdout.replace(customerKey, '') + cli.stderr
    for (const secret of [
      resend.apiKey,
      ntfy.token,
      telegram.botToken,
      WEBHOOK_SECRET,
      WEBHOOK_SECRET.slice(6),
      customerKey,
      GLOBAL_KEY,
      SECRET_KEY,
    ])
      expect(out).not.toContain(secret)
    expect(out).not.toContain('/ack/')
  }, 90_000)
})
