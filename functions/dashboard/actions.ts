// POST /customers/:id/block | unblock | delete | purge | create-config: state changes that stay
// inside the hub. Each answers 303 with a flash message saying what happened.
import { createManagedCustomer } from '../../lib/customers/admin.js'
import type { Env } from '../../lib/core/env.js'
import { HttpError } from '../../lib/core/errors.js'
import { latestReport } from '../../lib/reports/summaries.js'
import { deleteCustomer, getCustomer, setBlocked, type Customer } from '../../lib/store/customers.js'
import { purgeCustomer, total } from '../../lib/store/purge.js'
import { redirectWithFlash, customerIdParam, type DashHandler, type DashRequest } from './context.js'

type CustomerAction = (req: DashRequest, env: Env, c: Customer) => Promise<Response>

/** Resolves :id to a customer or answers with a flash on the customer list. */
export function customerAction(name: string, act: CustomerAction): DashHandler {
  const handler: DashHandler = async (req, env) => {
    const id = customerIdParam(req)
    const c = id ? await getCustomer(env.db, id) : null
    if (!id || !c) {
      return redirectWithFlash(req, '/configs', {
        kind: 'error',
        text: `Customer ${id ?? ''} does not exist (any more).`,
      })
    }
    return act(req, env, c)
  }
  Object.defineProperty(handler, 'name', { value: name })
  return handler
}

export const postBlock = customerAction('postBlock', async (req, env, c) => {
  await setBlocked(env.db, c.customerId, true, env.clock.now().getTime())
  env.log.info('customer blocked', { request_id: req.requestId, customer_id: c.customerId })
  return redirectWithFlash(req, `/customers/${c.customerId}`, {
    kind: 'ok',
    text:
      `${c.customerId} is blocked: it is hidden from the fleet and cannot fetch its config. ` +
      'Its reports are still stored.',
  })
})

export const postUnblock = customerAction('postUnblock', async (req, env, c) => {
  await setBlocked(env.db, c.customerId, false, env.clock.now().getTime())
  env.log.info('customer unblocked', { request_id: req.requestId, customer_id: c.customerId })
  return redirectWithFlash(req, `/customers/${c.customerId}`, {
    kind: 'ok',
    text: `${c.customerId} is unblocked and back on the fleet page.`,
  })
})

// The page's form asks for the id typed out (no confirm() dialog without JavaScript) and always
// sends `confirm`; a mistyped id deletes nothing. A scripted POST that carries only the CSRF token,
// as the README's Dashboard section describes the route, is a deliberate act and is honoured. Delete removes the config
// only, as the Go hub did (docs/migrating-from-go.md); purge is the action that erases everything.
export const postDelete = customerAction('postDelete', async (req, env, c) => {
  const confirm = req.form.get('confirm')
  if (confirm !== null && confirm.trim() !== c.customerId) {
    return redirectWithFlash(req, `/customers/${c.customerId}`, {
      kind: 'error',
      text: `Nothing deleted: type ${c.customerId} into the box to confirm.`,
    })
  }
  const outcome = await deleteCustomer(env.db, c.customerId, env.clock.now().getTime())
  env.log.info('customer config deleted', { request_id: req.requestId, customer_id: c.customerId, outcome })
  if (outcome === 'no-config') {
    return redirectWithFlash(req, `/customers/${c.customerId}`, {
      kind: 'error',
      text: `${c.customerId} has no config to delete. To erase everything the hub holds for it, use Purge.`,
    })
  }
  if (outcome === 'manual') {
    return redirectWithFlash(req, `/customers/${c.customerId}`, {
      kind: 'ok',
      text:
        `${c.customerId}'s config and credentials are deleted. Its reports, history and events stay, and ` +
        'it is listed as a manual customer while its controller keeps reporting.',
    })
  }
  return redirectWithFlash(req, '/configs', {
    kind: 'ok',
    text: `${c.customerId} deleted. It had never reported, so nothing of it is left.`,
  })
})

// Purge always takes the id typed out: it cannot be undone, and no scripted shortcut is offered.
export const postPurge = customerAction('postPurge', async (req, env, c) => {
  if ((req.form.get('confirm') ?? '').trim() !== c.customerId) {
    return redirectWithFlash(req, `/customers/${c.customerId}`, {
      kind: 'error',
      text: `Nothing purged: type ${c.customerId} into the box to confirm.`,
    })
  }
  const erased = await purgeCustomer(env.db, c.customerId)
  env.log.info('customer purged', { request_id: req.requestId, customer_id: c.customerId, erased })
  return redirectWithFlash(req, '/configs', {
    kind: 'ok',
    text:
      `${c.customerId} purged: ${total(erased)} rows erased (config, credentials, reports, history, events, ` +
      'notifications, infra backups). If its controller keeps reporting, it starts over as a new manual customer.',
  })
})

/** A manual customer gets a managed config seeded from its latest report, then the edit form. */
export const postCreateConfig = customerAction('postCreateConfig', async (req, env, c) => {
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
  return redirectWithFlash(req, `/configs/${c.customerId}/edit`, {
    kind: 'ok',
    text:
      `Managed config created for ${c.customerId} from its latest report. Check it here, then push it; ` +
      'the new API key and retrieval password can be revealed on the customer page.',
  })
})

const alreadyManaged = (req: DashRequest, c: Customer) =>
  redirectWithFlash(req, `/customers/${c.customerId}`, {
    kind: 'error',
    text: `${c.customerId} already has a managed config.`,
  })
