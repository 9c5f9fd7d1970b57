// POST /customers/:id/push-config | pull-config | trigger-update: calls to the customer's
// controller. Every failure reaches the operator as a flash message in plain words, never a 500.
import { applyConfig, controllerBaseUrl, fetchLiveConfig, requestUpdate } from '../../lib/controller/client.js'
import { currentTemplate, generateControllerYaml } from '../../lib/controller-config/generate.js'
import { applyPulledFields, fieldsFromLiveConfig } from '../../lib/controller-config/pull.js'
import type { Env } from '../../lib/env.js'
import { errorFields } from '../../lib/log.js'
import { latestKnownVersion } from '../../lib/registry.js'
import { readSecrets, type Customer, type CustomerSecrets } from '../../lib/store/customers.js'
import { back, type DashRequest } from './context.js'
import { customerAction } from './actions.js'

type ControllerAction = (req: DashRequest, env: Env, c: Customer, s: CustomerSecrets, to: string) => Promise<Response>

/** Managed customer, stored key, unexpected errors caught: the frame every controller call shares. */
function controllerAction(name: string, verb: string, act: ControllerAction) {
  return customerAction(name, async (req, env, c) => {
    const home = `/customers/${c.customerId}`
    const secrets = c.configType === 'managed' ? await readSecrets(env.db, env.secrets, c.customerId) : null
    if (!secrets) {
      return back(req, home, { kind: 'error', text: `Cannot ${verb}: ${c.customerId} is a manual customer without an API key. Create a config first.` })
    }
    try {
      return await act(req, env, c, secrets, controllerBaseUrl(c) ?? 'the controller')
    } catch (err) {
      env.log.warn(`${verb} failed`, { request_id: req.requestId, customer_id: c.customerId, ...errorFields(err) })
      return back(req, home, { kind: 'error', text: `Could not ${verb}: ${(err as Error).message}` })
    }
  })
}

export const pushConfigAction = controllerAction('pushConfigAction', 'push the config', async (req, env, c, s, to) => {
  const yaml = await generateControllerYaml(env, c, s)
  const r = await applyConfig(env, c, s.api_key, yaml)
  const home = `/customers/${c.customerId}`
  if (!r.ok) return back(req, home, { kind: 'error', text: `Push failed: ${r.message}` })
  env.log.info('config pushed', { request_id: req.requestId, customer_id: c.customerId })
  return back(req, home, { kind: 'ok', text: `Config pushed to ${to}; the controller applied it.` })
})

export const pullConfigAction = controllerAction('pullConfigAction', 'pull the config', async (req, env, c, s, to) => {
  const home = `/customers/${c.customerId}`
  const r = await fetchLiveConfig(env, c, s.api_key)
  if (!r.ok) return back(req, home, { kind: 'error', text: `Pull failed: ${r.message}` })
  const pulled = fieldsFromLiveConfig(r.value, await currentTemplate(env))
  const saved = await applyPulledFields(env, c.customerId, pulled)
  if (!saved) return back(req, home, { kind: 'error', text: `Pull failed: ${c.customerId} changed meanwhile; nothing was stored.` })
  const overrides = Object.keys(pulled.monitoringOverrides).length
  return back(req, home, {
    kind: 'ok',
    text: `Config pulled from ${to}: identity, tokens and ${overrides} monitoring override${overrides === 1 ? '' : 's'} stored.`,
  })
})

export const triggerUpdateAction = controllerAction('triggerUpdateAction', 'trigger the update', async (req, env, c, s, to) => {
  const home = `/customers/${c.customerId}`
  const latest = await latestKnownVersion(env)
  if (!latest) return back(req, home, { kind: 'error', text: 'No controller release is known yet: the registry check has not found one.' })
  const r = await requestUpdate(env, c, s.api_key, latest.version)
  if (!r.ok) return back(req, home, { kind: 'error', text: `Update request failed: ${r.message}` })
  env.log.info('controller update requested', { request_id: req.requestId, customer_id: c.customerId, version: latest.version })
  return back(req, home, { kind: 'ok', text: `Asked ${to} to update to ${latest.version}; it updates in the background and reports the new version.` })
})
