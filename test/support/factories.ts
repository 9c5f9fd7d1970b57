// Rows for tests, made through the same lib functions the hub uses.
import { createManagedCustomer, type Credentials, type NewCustomerInput } from '../../lib/customers/admin.js'
import type { Env } from '../../lib/core/env.js'
import type { ReportRow } from '../../lib/store/reports.js'
import { reportFor } from './fixtures.js'
import { call } from './http.js'

export async function managedCustomer(
  env: Env,
  customerId: string,
  input: Partial<NewCustomerInput> = {},
): Promise<Credentials> {
  return createManagedCustomer(env, {
    customerId,
    displayName: `Customer ${customerId}`,
    domain: `${customerId}.felhom.eu`,
    ...input,
  })
}

/** Posts the fixture report for `customerId` (with `patch` applied) using the global key. */
export async function sendReport(
  env: Env,
  customerId: string,
  patch: Record<string, unknown> = {},
  key?: string,
) {
  const res = await call(env, 'POST', '/api/v1/report', { body: reportFor(customerId, patch), key })
  if (res.status !== 200)
    throw new Error(`report for ${customerId} failed: ${res.status} ${await res.text()}`)
  return res
}

/** A stored report's row with nothing measured: what a store-level test changes, it names. */
export function bareReportRow(
  customerId: string,
  receivedAt: number,
  over: { health?: ReportRow['headline']['health']; disks?: ReportRow['disks'] } = {},
): ReportRow {
  return {
    customerId,
    receivedAt,
    body: new Uint8Array([1]),
    headline: {
      controllerVersion: '1.8.2',
      hostname: null,
      health: over.health ?? 'ok',
      monitoringEnabled: true,
      controllerUrl: null,
      backupEnabled: null,
      dbdumpEnabled: null,
    },
    sample: {
      health: 'ok',
      cpu_percent: null,
      load1: null,
      memory_used_percent: null,
      disk_used_percent_max: null,
      temperature_c: null,
      containers_running: null,
      containers_total: null,
    },
    ...(over.disks ? { disks: over.disks } : {}),
  }
}
