// Shared set-up for the notification tests: an Env wired to a fake Resend, customers made through
// the real report route, and events stored without dispatch so a test can dispatch them itself.
import { expect } from 'vitest'
import type { fixedClock } from '../../../lib/core/clock.js'
import type { HubConfig } from '../../../lib/core/config.js'
import type { Severity } from '../../../lib/events/types.js'
import type { DispatchOptions } from '../../../lib/notify/dispatch.js'
import { setBlocked } from '../../../lib/store/customers.js'
import { insertEvent, type StoredEvent } from '../../../lib/store/events.js'
import { savePreferences } from '../../../lib/store/preferences.js'
import { testEnv, type TestEnv } from '../../support/env.js'
import { resendConfig, startFakeResend, type FakeResend } from '../../support/fake-resend.js'
import { reportFor } from '../../support/fixtures.js'
import { call } from '../../support/http.js'

export const PUBLIC_URL = 'https://hub.felhom.test'
export const OPERATOR = 'ops@felhom.test'

/** Retries without real waiting; the waits asked for are kept in `waits`. */
export function fastSend(waits: number[] = []): DispatchOptions {
  return { send: { baseDelayMs: 10, timeoutMs: 2_000, sleep: async (ms) => void waits.push(ms) } }
}

export async function notifyEnv(
  opts: { notifications?: Partial<HubConfig['notifications']>; clock?: ReturnType<typeof fixedClock> } = {},
): Promise<{ env: TestEnv; fake: FakeResend }> {
  const fake = await startFakeResend()
  const env = await testEnv({
    clock: opts.clock,
    config: { notifications: resendConfig(fake, opts.notifications), server: { public_url: PUBLIC_URL } },
  })
  return { env, fake }
}

/** A customer known from a real report (received now), with an optional display name. */
export async function addCustomer(
  env: TestEnv,
  customerId: string,
  o: { displayName?: string; blocked?: boolean } = {},
) {
  const res = await call(env, 'POST', '/api/v1/report', { body: reportFor(customerId) })
  expect(res.status).toBe(200)
  if (o.displayName) {
    await env.db.execute({
      sql: 'UPDATE customer_configs SET display_name = ? WHERE customer_id = ?',
      args: [o.displayName, customerId],
    })
  }
  if (o.blocked) await setBlocked(env.db, customerId, true, env.clock.now().getTime())
}

export async function setPrefs(
  env: TestEnv,
  customerId: string,
  enabledEvents: string[],
  cooldownHours = 6,
  email = `${customerId}@example.hu`,
) {
  await savePreferences(
    env.db,
    { customerId, email, enabledEvents, cooldownHours },
    {},
    env.clock.now().getTime(),
  )
}

const SEVERITY: Record<string, Severity> = {
  backup_completed: 'info',
  node_recovered: 'info',
  node_down: 'error',
  disk_space_critical: 'error',
}

/** Stores an event the way ingest does, without dispatching it. */
export async function storeEvent(
  env: TestEnv,
  customerId: string,
  eventType: string,
  o: {
    severity?: Severity
    message?: string
    source?: 'controller' | 'hub'
    details?: Record<string, unknown>
  } = {},
): Promise<StoredEvent> {
  const e = await insertEvent(
    env.db,
    {
      customerId,
      eventType,
      severity: o.severity ?? SEVERITY[eventType] ?? 'warning',
      message: o.message ?? `${eventType} happened`,
      details: o.details ?? null,
      source: o.source ?? (eventType.startsWith('node_') ? 'hub' : 'controller'),
    },
    env.clock.now().getTime(),
  )
  return e!
}

export async function logRows(env: TestEnv): Promise<Record<string, any>[]> {
  const rs = await env.db.execute('SELECT * FROM notification_log ORDER BY id')
  return rs.rows.map((r) => ({ ...r }))
}
