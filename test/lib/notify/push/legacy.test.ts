import { describe, expect, it } from 'vitest'
import { startFakeNtfy } from '../../../support/fake-push.js'
import { callJson } from '../../../support/http.js'
import { addCustomer } from '../setup.js'
import { ntfyChannel, pushEnv, pushRows } from './setup.js'

const notify = (severity: string) => ({
  customer_id: 'kovacs-csalad',
  subject: 'Lemez majdnem tele',
  message: '/mnt/hdd1 is 93% full',
  severity,
})

describe('the legacy /api/v1/notify relay on the push channels', () => {
  it('reaches every channel at or above its threshold, once for a repeated Idempotency-Key', async () => {
    const ntfy = await startFakeNtfy()
    const env = await pushEnv([ntfyChannel(ntfy)])
    await addCustomer(env, 'kovacs-csalad', { displayName: 'Kovács család' })
    const headers = { 'Idempotency-Key': 'legacy-1' }
    for (let i = 0; i < 2; i++)
      expect(
        (await callJson(env, 'POST', '/api/v1/notify', { body: notify('warning'), headers })).status,
      ).toBe(202)
    await callJson(env, 'POST', '/api/v1/notify', { body: notify('info') })
    await env.settle()
    expect(ntfy.messages.map((m) => [m.title, m.message])).toEqual([
      ['Kovács család: Lemez majdnem tele', '/mnt/hdd1 is 93% full'],
    ])
    expect((await pushRows(env, 'ntfy')).map((r) => [r.status, r.reason])).toEqual([
      ['sent', 'ntfy ntfy1'],
      ['skipped', 'below_min_severity'],
    ])
  })

  it('sends a blocked customer’s message to no channel', async () => {
    const ntfy = await startFakeNtfy()
    const env = await pushEnv([ntfyChannel(ntfy)])
    await addCustomer(env, 'kovacs-csalad', { blocked: true })
    await callJson(env, 'POST', '/api/v1/notify', { body: notify('error') })
    await env.settle()
    expect(ntfy.messages).toEqual([])
    expect((await pushRows(env, 'ntfy')).map((r) => r.reason)).toEqual(['blocked'])
  })
})
