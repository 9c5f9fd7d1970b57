// Schema validation glue: zod issues become the contract's `details` with dotted paths.
import { z } from 'zod'
import { badRequest, type ErrorDetail } from './errors.js'
import { issuePath } from './json.js'

export { issuePath }

export const CUSTOMER_ID = /^[a-z0-9][a-z0-9-]{1,62}$/
export const customerIdSchema = z
  .string()
  .regex(CUSTOMER_ID, 'expected a customer id: lowercase letters, digits and "-", 2–63 characters')

export function toDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.slice(0, 20).map((i) => ({ path: issuePath(i.path), message: i.message }))
}

/** Parses or throws 400 validation_failed naming every offending field. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = 'request body',
): z.output<S> {
  const result = schema.safeParse(value)
  if (!result.success) {
    const details = toDetails(result.error)
    throw badRequest(
      `${what} is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      details,
    )
  }
  return result.data
}

/** A path segment as a customer id (itty hands us the raw, still-encoded segment), or null. */
export function customerIdOf(raw: string | undefined): string | null {
  let id: string
  try {
    id = decodeURIComponent(raw ?? '')
  } catch {
    return null
  }
  return CUSTOMER_ID.test(id) ? id : null
}

/** A path segment as a customer id, or 400 validation_failed. */
export function parseCustomerId(raw: string | undefined): string {
  const id = customerIdOf(raw)
  if (id === null) {
    throw badRequest('customer_id is invalid', [
      { path: 'customer_id', message: 'expected ^[a-z0-9][a-z0-9-]{1,62}$' },
    ])
  }
  return id
}
