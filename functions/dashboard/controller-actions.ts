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
import type { Env } from '../../lib/env.js'
import { errorFields } from '../../lib/log.js'
import { latestKnownVersion } from '../../lib/registry.js'
import { readSecrets, type Customer, type CustomerSecrets } from '../../lib/store/customers.js'
import { back, type DashRequest } from './context.js'
import { customerAction } from './actions.js'

interface Call {
  req: DashRequest
  env: Env
  c: Customer
  s: CustomerSecrets
  /** Where the call goes, for messages. */
  to: string
  /** Redirects back to the customer page with a message. */
  say: (kind: 'ok' | 'error', text: string) => Response
}

/** Managed customer, stored key, unexpected errors caught: the frame every controller call shares. */
function controllerAction(name: string, verb: string, act: (call: Call) => Promise<Response>) {
  return customerAction(name, async (req, env, c) => {
    const home = `/customers/${c.customerId}`
    const say = (kind: 'ok' | 'error', text: string) => back(req, home, { kind, text })
    const s = c.configType === 'managed' ? await readSecrets(env.db, env.secrets, c.customerId) : null
    if (!s) {
      const why = `${c.customerId} is a manual customer without an API key. Create a config first.`
      return say('error', `Cannot ${verb}: ${why}`)
    }
    try {
      return await act({ req, env, c, s, to: controllerBaseUrl(c) ?? 'the controller', say })
    } catch (err) {
      const fields = { request_id: req.requestId, customer_id: c.customerId, ...errorFields(err) }
      env.log.warn(`${verb} failed`, fields)
      return say('error', `Could not ${verb}: ${(err as Error).message}`)
    }
  })
}

export const pushConfigAction = controllerAction('pushConfigAction', 'push the config', async (x) => {
  const yaml = await generateControllerYaml(x.env, x.c, x.s)
  const r = await applyConfig(x.env, x.c, x.s.api_key, yaml)
  if (!r.ok) return x.say('error', `Push failed: ${r.message}`)
  x.env.log.info('config pushed', { request_id: x.req.requestId, customer_id: x.c.customerId })
  return x.say('ok', `Config pushed to ${x.to}; the controller applied it.`)
})

export const pullConfigAction = controllerAction('pullConfigAction', 'pull the config', async (x) => {
  const r = await fetchLiveConfig(x.env, x.c, x.s.api_key)
  if (!r.ok) return x.say('error', `Pull failed: ${r.message}`)
  const pulled = fieldsFromLiveConfig(r.value, await currentTemplate(x.env))
  if (!(await applyPulledFields(x.env, x.c.customerId, pulled))) {
    return x.say('error', `Pull failed: ${x.c.customerId} changed meanwhile; nothing was stored.`)
  }
  const n = Object.keys(pulled.monitoringOverrides).length
  const overrides = `${n} monitoring override${n === 1 ? '' : 's'}`
  return x.say('ok', `Config pulled from ${x.to}: identity, tokens and ${overrides} stored.`)
})

const verbUpdate = 'trigger the update'
export const triggerUpdateAction = controllerAction('triggerUpdateAction', verbUpdate, async (x) => {
  const latest = await latestKnownVersion(x.env)
  if (!latest) {
    return x.say('error', 'No controller release is known yet: the registry check has not found one.')
  }
  const r = await requestUpdate(x.env, x.c, x.s.api_key, latest.version)
  if (!r.ok) return x.say('error', `Update request failed: ${r.message}`)
  const fields = { request_id: x.req.requestId, customer_id: x.c.customerId, version: latest.version }
  x.env.log.info('controller update requested', fields)
  const then = 'it updates in the background and reports the new version'
  return x.say('ok', `Asked ${x.to} to update to ${latest.version}; ${then}.`)
})
