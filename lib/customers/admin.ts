// Creating and editing managed customers: shared by `npm run customer` and the dashboard.
import { newApiKey, newRetrievalPassword } from '../auth/api-key.js'
import { carriedCredentialReasons } from '../auth/carried-credentials.js'
import { randomToken, sha256Hex } from '../core/crypto.js'
import type { Env } from '../core/env.js'
import { HttpError } from '../core/errors.js'
import { createManaged, type CustomerSecrets, type ManagedFields } from '../store/customers.js'

export interface NewCustomerInput extends Partial<ManagedFields> {
  customerId: string
  tunnelToken?: string
  registryUsername?: string
  registryToken?: string
  /**
   * Credentials the customer's controller already holds (carried over from the Go hub); both or
   * neither. Refused when weak or clashing (lib/auth/carried-credentials.ts).
   */
  carried?: { apiKey: string; retrievalPassword: string }
}

export interface Credentials {
  customer_id: string
  api_key: string
  retrieval_password: string
}

/**
 * Creates a managed customer (or promotes a manual one) with fresh credentials, or with the ones
 * its controller already holds. The API key and retrieval password are returned once; the database
 * keeps their digests and an encrypted copy the operator can reveal on the dashboard.
 */
export async function createManagedCustomer(env: Env, input: NewCustomerInput): Promise<Credentials> {
  if (input.carried) {
    const { apiKey, retrievalPassword } = input.carried
    const reasons = await carriedCredentialReasons(env, input.customerId, apiKey, retrievalPassword)
    if (reasons.length > 0)
      throw new HttpError(400, 'validation_failed', `credentials refused: ${reasons.join('; ')}`)
  }
  const creds: CustomerSecrets = {
    api_key: input.carried?.apiKey ?? newApiKey(),
    retrieval_password: input.carried?.retrievalPassword ?? newRetrievalPassword(),
    session_secret: randomToken(32),
    tunnel_token: input.tunnelToken ?? '',
    registry_username: input.registryUsername ?? env.config.registry.username,
    registry_token: input.registryToken ?? '',
  }
  const created = await createManaged(
    env.db,
    env.secrets,
    input.customerId,
    {
      displayName: input.displayName ?? '',
      domain: input.domain ?? '',
      controllerUrl: input.controllerUrl ?? '',
      monitoringOverrides: input.monitoringOverrides ?? {},
    },
    creds,
    { apiKey: await sha256Hex(creds.api_key), retrieval: await sha256Hex(creds.retrieval_password) },
    env.clock.now().getTime(),
  )
  if (!created)
    throw new HttpError(409, 'conflict', `customer ${input.customerId} already has a managed config`)
  env.log.info('managed customer created', { customer_id: input.customerId })
  return {
    customer_id: input.customerId,
    api_key: creds.api_key,
    retrieval_password: creds.retrieval_password,
  }
}
