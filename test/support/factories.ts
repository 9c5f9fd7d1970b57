// Rows for tests, made through the same lib functions the hub uses.
import { createManagedCustomer, type Credentials, type NewCustomerInput } from '../../lib/customers/admin.js'
import type { Env } from '../../lib/core/env.js'
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
