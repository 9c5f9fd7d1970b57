// POST /customers/:id/push-config | pull-config | trigger-update: calls to the customer's
// controller. Every failure reaches the operator as a flash message in plain words, never a 500.
import {
  applyConfig,
  controllerBaseUrl,
  fetchLiveConfig,
  requestUpdate,
} from '../../lib/controller/client.js'
import { currentTemplate, generateControllerYaml } from '../../lib/controller-config/generate.js'
import { applyPulledFields, fieldsFromLiveConfig } from '../../lib/controller-config/pull.js'
import type { Env } from '../../lib/core/env.js'
import { errorFields } from '../../lib/core/log.js'
import { latestKnownVersion } from '../../lib/controller/registry.js'
import { queueable } from '../../lib/queued-actions/queue.js'
import type { QueuedActionKind } from '../../lib/store/queued-actions.js'
import { readSecrets, type Customer, type CustomerSecrets } from '../../lib/store/customers.js'
import { auditDetail, auditOutcome } from '../audit.js'
import { redirectWithFlash, type DashRequest } from './context.js'
import { customerAction } from './actions.js'

/** What each controller action gets: the request, the customer and its secrets, and a way to answer. */
interface ControllerCall {
  req: DashRequest
  env: Env
  customer: Customer
  secrets: CustomerSecrets
  /** Where the call goes, for messages. */
  target: string
  /** Redirects back to the customer page with a message (and an offer to queue the action). */
  reply: (kind: 'ok' | 'error', text: string, offer?: QueuedActionKind) => Response
  /** The same for a call that failed on the way (audited as an error, not a refusal). */
  fail: (text: string, offer?: QueuedActionKind) => Response
}

const OFFER = ' The node looks unreachable: queue it below, and the hub tries again when it next reports.'

/** Managed customer, stored key, unexpected errors caught: the frame every controller call shares. */
function controllerAction(name: string, verb: string, act: (call: ControllerCall) => Promise<Response>) {
  return customerAction(name, async (req, env, c) => {
    const home = `/customers/${c.customerId}`
    const reply = (kind: 'ok' | 'error', text: string, offer?: QueuedActionKind) =>
      redirectWithFlash(req, offer ? `${home}?offer=${offer}#queue` : home, { kind, text })
    const fail = (text: string, offer?: QueuedActionKind) => (
      auditOutcome(req, 'error', text),
      reply('error', text, offer)
    )
    const secrets = c.configType === 'managed' ? await readSecrets(env.db, env.secrets, c.customerId) : null
    if (!secrets) {
      const why = `${c.customerId} is a manual customer without an API key. Create a config first.`
      return reply('error', `Cannot ${verb}: ${why}`)
    }
    try {
      const target = controllerBaseUrl(c) ?? 'the controller'
      return await act({ req, env, customer: c, secrets, target, reply, fail })
    } catch (err) {
      const fields = { request_id: req.requestId, customer_id: c.customerId, ...errorFields(err) }
      env.log.warn(`${verb} failed`, fields)
      return fail(`Could not ${verb}: ${(err as Error).message}`)
    }
  })
}

export const postPushConfig = controllerAction('postPushConfig', 'push the config', async (call) => {
  const yaml = await generateControllerYaml(call.env, call.customer, call.secrets)
  const r = await applyConfig(call.env, call.customer, call.secrets.api_key, yaml)
  if (!r.ok) {
    if (queueable(r)) return call.fail(`Push failed: ${r.message}${OFFER}`, 'push-config')
    return call.fail(`Push failed: ${r.message}`)
  }
  call.env.log.info('config pushed', {
    request_id: call.req.requestId,
    customer_id: call.customer.customerId,
  })
  return call.reply('ok', `Config pushed to ${call.target}; the controller applied it.`)
})

export const postPullConfig = controllerAction('postPullConfig', 'pull the config', async (call) => {
  const r = await fetchLiveConfig(call.env, call.customer, call.secrets.api_key)
  if (!r.ok) return call.fail(`Pull failed: ${r.message}`)
  const pulled = fieldsFromLiveConfig(r.value, await currentTemplate(call.env))
  if (!(await applyPulledFields(call.env, call.customer.customerId, pulled))) {
    return call.reply(
      'error',
      `Pull failed: ${call.customer.customerId} changed meanwhile; nothing was stored.`,
    )
  }
  const n = Object.keys(pulled.monitoringOverrides).length
  const overrides = `${n} monitoring override${n === 1 ? '' : 's'}`
  return call.reply('ok', `Config pulled from ${call.target}: identity, tokens and ${overrides} stored.`)
})

const verbUpdate = 'trigger the update'
export const postTriggerUpdate = controllerAction('postTriggerUpdate', verbUpdate, async (call) => {
  const latest = await latestKnownVersion(call.env)
  if (!latest) {
    return call.reply('error', 'No controller release is known yet: the registry check has not found one.')
  }
  const r = await requestUpdate(call.env, call.customer, call.secrets.api_key, latest.version)
  if (!r.ok) {
    if (queueable(r)) return call.fail(`Update request failed: ${r.message}${OFFER}`, 'trigger-update')
    return call.fail(`Update request failed: ${r.message}`)
  }
  const fields = {
    request_id: call.req.requestId,
    customer_id: call.customer.customerId,
    version: latest.version,
  }
  call.env.log.info('controller update requested', fields)
  auditDetail(call.req, `update to ${latest.version}`)
  const then = 'it updates in the background and reports the new version'
  return call.reply('ok', `Asked ${call.target} to update to ${latest.version}; ${then}.`)
})
