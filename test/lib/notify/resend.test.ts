import { describe, expect, it } from 'vitest'
import { retryAfterMs, sendEmail } from '../../../lib/notify/resend.js'
import { FAKE_RESEND_KEY } from '../../support/fake-resend.js'
import { notifyEnv } from './setup.js'

const email = {
  to: 'ops@felhom.test',
  subject: 'Hello',
  html: '<p>Hello</p>',
  text: 'Hello',
  idempotencyKey: 'event:1:operator:ops@felhom.test',
}

function recorder() {
  const waits: number[] = []
  return { waits, opts: { baseDelayMs: 100, sleep: async (ms: number) => void waits.push(ms) } }
}

describe('sendEmail (Resend API)', () => {
  it('posts from, to, subject, html and text with the Bearer key and the Idempotency-Key', async () => {
    const { env, fake } = await notifyEnv()
    const r = await sendEmail(env, email)
    expect(r).toEqual({ ok: true, id: 'fake-1', attempts: 1 })
    expect(fake.emails).toEqual([
      {
        from: 'monitoring@felhom.eu', // notifications.from_email's default, as on the Go hub
        to: 'ops@felhom.test',
        subject: 'Hello',
        html: '<p>Hello</p>',
        text: 'Hello',
        idempotencyKey: email.idempotencyKey,
      },
    ])
  })

  it('retries a 429 after the Retry-After seconds, then succeeds', async () => {
    const { env, fake } = await notifyEnv()
    fake.answerNext(1, { status: 429, headers: { 'Retry-After': '2' } })
    const { waits, opts } = recorder()
    const r = await sendEmail(env, email, opts)
    expect(r).toMatchObject({ ok: true, attempts: 2 })
    expect(waits).toEqual([2000])
    expect(fake.attempts.map((a) => a.status)).toEqual([429, 200])
    expect(fake.emails).toHaveLength(1)
  })

  it('honours a Retry-After given as an HTTP date', async () => {
    const { env } = await notifyEnv()
    const inFiveSeconds = new Date(env.clock.now().getTime() + 5_000).toUTCString()
    expect(retryAfterMs(inFiveSeconds, env)).toBe(5_000)
    expect(retryAfterMs('garbage', env)).toBeUndefined()
  })

  it('retries 5xx with exponential backoff, then succeeds', async () => {
    const { env, fake } = await notifyEnv()
    fake.answerNext(2, { status: 500 })
    const { waits, opts } = recorder()
    const r = await sendEmail(env, email, opts)
    expect(r).toMatchObject({ ok: true, attempts: 3 })
    expect(waits).toEqual([100, 200])
    expect(fake.attempts.map((a) => a.idempotencyKey)).toEqual([
      email.idempotencyKey,
      email.idempotencyKey,
      email.idempotencyKey,
    ])
  })

  it('gives up after the bounded attempts and returns the provider answer', async () => {
    const { env, fake } = await notifyEnv()
    fake.answerNext(10, { status: 503, body: '{"message":"upstream exploded"}' })
    const { waits, opts } = recorder()
    const r = await sendEmail(env, email, { ...opts, attempts: 3 })
    expect(r).toEqual({ ok: false, status: 503, answer: '{"message":"upstream exploded"}', attempts: 3 })
    expect(fake.attempts).toHaveLength(3)
    expect(waits).toHaveLength(2)
  })

  it('does not retry a 4xx other than 429', async () => {
    const { env, fake } = await notifyEnv()
    fake.answerNext(1, { status: 422, body: '{"message":"Invalid `to` field."}' })
    const r = await sendEmail(env, email, recorder().opts)
    expect(r).toMatchObject({ ok: false, status: 422, attempts: 1 })
    expect(fake.attempts).toHaveLength(1)
  })

  it('treats a request that gets no answer in time as retryable', async () => {
    const { env, fake } = await notifyEnv()
    fake.hangNext(1)
    const r = await sendEmail(env, email, { ...recorder().opts, timeoutMs: 300 })
    expect(r).toMatchObject({ ok: true, attempts: 2 })
    expect(fake.attempts.map((a) => a.status)).toEqual(['hung', 200])
  })

  it('reports an unreachable provider as a failure, and never logs the API key', async () => {
    const { env, fake } = await notifyEnv()
    await fake.close()
    const r = await sendEmail(env, email, { ...recorder().opts, attempts: 2 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.answer).toMatch(/network error/)
    expect(env.log.lines.length).toBeGreaterThan(0)
    expect(env.log.lines.join('\n')).not.toContain(FAKE_RESEND_KEY)
  })

  it('is refused by the provider with a wrong key', async () => {
    const { env } = await notifyEnv({ notifications: { resend_api_key: 're_wrong' } })
    const r = await sendEmail(env, email, recorder().opts)
    expect(r).toMatchObject({ ok: false, status: 401 })
  })

  it('hashes an idempotency key longer than Resend accepts', async () => {
    const { env, fake } = await notifyEnv()
    await sendEmail(env, { ...email, idempotencyKey: `event:1:customer:${'x'.repeat(300)}@example.hu` })
    expect(fake.emails[0].idempotencyKey).toMatch(/^sha256:[0-9a-f]{64}$/)
  })
})
