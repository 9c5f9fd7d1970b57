import { describe, expect, it } from 'vitest'
import { dispatchEvent } from '../../../lib/notify/dispatch.js'
import { addCustomer, fastSend, logRows, notifyEnv, setPrefs, storeEvent } from './setup.js'

describe('dispatchEvent under concurrency', () => {
  it('sends each email once when the same event is dispatched several times at once', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad')
    await setPrefs(env, 'kovacs-csalad', ['backup_failed'], 0)
    const event = await storeEvent(env, 'kovacs-csalad', 'backup_failed')

    const runs = await Promise.all([1, 2, 3, 4].map(() => dispatchEvent(env, event, fastSend())))

    expect(fake.attempts).toHaveLength(2)
    expect(fake.emails.map((m) => m.to).sort()).toEqual(['kovacs-csalad@example.hu', 'ops@felhom.test'])
    const rows = await logRows(env)
    expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([
      ['customer', 'sent'],
      ['operator', 'sent'],
    ])
    // Exactly one run made each decision; the others saw it already made.
    const statuses = runs.flat().map((d) => `${d.channel}:${d.status}`)
    expect(statuses.filter((s) => s === 'operator:sent')).toHaveLength(1)
    expect(statuses.filter((s) => s === 'operator:duplicate')).toHaveLength(3)
  })

  it('sends one email for two events of the same type and customer arriving at the same moment', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad')
    await setPrefs(env, 'kovacs-csalad', ['disk_space_warning'])
    const a = await storeEvent(env, 'kovacs-csalad', 'disk_space_warning')
    const b = await storeEvent(env, 'kovacs-csalad', 'disk_space_warning')

    await Promise.all([dispatchEvent(env, a, fastSend()), dispatchEvent(env, b, fastSend())])

    expect(fake.emails.filter((m) => m.to === 'ops@felhom.test')).toHaveLength(1)
    expect(fake.emails.filter((m) => m.to === 'kovacs-csalad@example.hu')).toHaveLength(1)
    const rows = await logRows(env)
    for (const channel of ['operator', 'customer']) {
      const mine = rows.filter((r) => r.channel === channel)
      expect(mine.map((r) => r.status).sort()).toEqual(['sent', 'skipped'])
      expect(mine.find((r) => r.status === 'skipped')!.reason).toBe('cooldown')
    }
  })

  it('a second dispatch after the first finished changes nothing', async () => {
    const { env, fake } = await notifyEnv()
    await addCustomer(env, 'kovacs-csalad')
    const info = await storeEvent(env, 'kovacs-csalad', 'backup_completed', { severity: 'info' })
    const warn = await storeEvent(env, 'kovacs-csalad', 'backup_failed')
    for (const e of [info, warn, info, warn]) await dispatchEvent(env, e, fastSend())
    expect(fake.emails).toHaveLength(1)
    expect(await logRows(env)).toHaveLength(4) // two channels for each of the two events
  })
})
