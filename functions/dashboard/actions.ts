// POST /customers/:id/block | unblock | delete | create-config: state changes that stay inside
// the hub. Each answers 303 with a flash message saying what happened.
import { createManagedCustomer } from '../../lib/customer-admin.js'
import type { Env } from '../../lib/env.js'
import { HttpError } from '../../lib/errors.js'
import { latestReport } from '../../lib/reports.js'
import { deleteCustomer, getCustomer, setBlocked, type Customer } from '../../lib/store/customers.js'
import { back, customerIdParam, type DashHandler, type DashRequest } from './context.js'

type CustomerAction = (req: DashRequest, env: Env, c: Customer) => Promise<Response>

/** Resolves :id to a customer or answers with a flash on the customer list. */
export function customerAction(name: string, act: CustomerAction): DashHandler {
  const handler: DashHandler = async (req, env) => {
    const id = customerIdParam(req)
    const c = id ? await getCustomer(env.db, id) : null
    if (!id || !c) {
      return back(req, '/configs', { kind: 'error', text: `Customer ${id ?? ''} does not exist (any more).` })
    }
    return act(req, env, c)
  }
  Object.defineProperty(handler, 'name', { value: name })
  return handler
}

export const blockAction = customerAction('blockAction', async (req, env, c) => {
  await setBlocked(env.db, c.customerId, true, env.clock.now().getTime())
  env.log.info('customer blocked', { request_id: req.requestId, customer_id: c.customerId })
  return back(req, `/customers/${c.customerId}`, {
    kind: 'ok',
    text:
      `${c.customerId} is blocked: it is hidden from the fleet and cannot fetch its config. ` +
      'Its reports are still stored.',
  })
})

export const unblockAction = customerAction('unblockAction', async (req, env, c) => {
  await setBlocked(env.db, c.customerId, false, env.clock.now().getTime())
  env.log.info('customer unblocked', { request_id: req.requestId, customer_id: c.customerId })
  return back(req, `/customers/${c.customerId}`, {
    kind: 'ok',
    text: `${c.customerId} is unblocked and back on the fleet page.`,
  })
})

// The page's form asks for the id typed out (no confirm() dialog without JavaScript) and always
// sends `confirm`; a mistyped id deletes nothing. A scripted POST that carries only the CSRF token,
// as spec §8 describes the route, is a deliberate act and is honoured.
export const deleteAction = customerAction('deleteAction', async (req, env, c) => {
  const confirm = req.form.get('confirm')
  if (confirm !== null && confirm.trim() !== c.customerId) {
    return back(req, `/customers/${c.customerId}`, {
      kind: 'error',
      text: `Nothing deleted: type ${c.customerId} into the box to confirm.`,
    })
  }
  await deleteCustomer(env.db, c.customerId)
  env.log.info('customer deleted', { request_id: req.requestId, customer_id: c.customerId })
  return back(req, '/configs', {
    kind: 'ok',
    text:
      `${c.customerId} deleted: config, credentials, reports and metrics are gone. ` +
      'If its controller keeps reporting, it comes back as a manual customer.',
  })
})

/** A manual customer gets a managed config seeded from its latest report, then the edit form. */
export const createConfigAction = customerAction('createConfigAction', async (req, env, c) => {
  if (c.configType === 'managed') {
    return alreadyManaged(req, c)
  }
  const stored = await latestReport(env, c)
  const report = stored?.report ?? {}
  const hostname = typeof report.hostname === 'string' ? report.hostname : ''
  let domain = ''
  try {
    const host = new URL(String(report.controller_url ?? '')).hostname
    if (/^([a-z0-9-]+\.)+[a-z]{2,63}$/i.test(host)) domain = host.toLowerCase()
  } catch {
    // no usable controller URL in the report: the domain stays empty
  }
  try {
    await createManagedCustomer(env, {
      customerId: c.customerId,
      displayName: c.displayName || hostname,
      domain,
    })
  } catch (err) {
    if (err instanceof HttpError && err.status === 409) {
      return alreadyManaged(req, c)
    }
    throw err
  }
  return back(req, `/configs/${c.customerId}/edit`, {
    kind: 'ok',
    text:
      `Managed config created for ${c.customerId} from its latest report. Check it here, then push it; ` +
      'the new API key and retrieval password can be revealed on the customer page.',
  })
})

const alreadyManaged = (req: DashRequest, c: Customer) =>
  back(req, `/customers/${c.customerId}`, {
    kind: 'error',
    text: `${c.customerId} already has a managed config.`,
  })
