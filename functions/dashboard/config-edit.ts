// GET /configs/:id/edit and POST /configs/:id: edit a managed customer's config. Tokens are
// write-only: an empty field keeps the stored one.
import { h } from 'preact'
import { FORM_OVERRIDE_KEYS, formValuesOf, keptValues, parseCustomerForm } from '../../lib/customers/form.js'
import type { Env } from '../../lib/core/env.js'
import { getCustomer, readSecrets, updateManaged, type Customer } from '../../lib/store/customers.js'
import { ConfigFormPage } from '../../pages/config-form.js'
import {
  redirectWithFlash,
  customerIdParam,
  layoutProps,
  notFoundPage,
  page,
  type DashHandler,
  type DashRequest,
} from './context.js'

async function managedOrAnswer(
  req: DashRequest,
  env: Env,
): Promise<{ customer: Customer } | { answer: Response }> {
  const id = customerIdParam(req)
  const customer = id ? await getCustomer(env.db, id) : null
  if (!id || !customer) return { answer: notFoundPage(req, `Customer ${id ?? ''}`) }
  if (customer.configType !== 'managed') {
    return {
      answer: redirectWithFlash(req, `/customers/${id}`, {
        kind: 'error',
        text: `${id} is a manual customer: use "Create config" to give it a managed config first.`,
      }),
    }
  }
  return { customer }
}

async function storedTokens(env: Env, id: string) {
  const s = await readSecrets(env.db, env.secrets, id)
  return {
    tunnel_token: !!s?.tunnel_token,
    registry_username: !!s?.registry_username,
    registry_token: !!s?.registry_token,
  }
}

export const getEditConfigPage: DashHandler = async (req, env) => {
  const found = await managedOrAnswer(req, env)
  if ('answer' in found) return found.answer
  const c = found.customer
  const tokens = await storedTokens(env, c.customerId)
  const values = formValuesOf(c)
  const props = { ...layoutProps(req), mode: 'edit' as const, values, errors: {}, storedTokens: tokens }
  return page(req, h(ConfigFormPage, props))
}

export const postEditConfig: DashHandler = async (req, env) => {
  const found = await managedOrAnswer(req, env)
  if ('answer' in found) return found.answer
  const c = found.customer
  const parsed = parseCustomerForm(req.form, false)
  if (!parsed.ok) {
    const values = { ...keptValues(req.form), customer_id: c.customerId }
    const tokens = await storedTokens(env, c.customerId)
    const errors = parsed.errors
    const props = { ...layoutProps(req), mode: 'edit' as const, values, errors, storedTokens: tokens }
    return page(req, h(ConfigFormPage, props), 400)
  }
  const v = parsed.value
  const secrets = await readSecrets(env.db, env.secrets, c.customerId)
  if (!secrets) {
    const text = 'This customer has no stored credentials.'
    return redirectWithFlash(req, `/customers/${c.customerId}`, { kind: 'error', text })
  }
  // Override keys this form does not know (pulled from a controller, say) survive the save.
  const kept = Object.fromEntries(
    Object.entries(c.monitoringOverrides).filter(([k]) => !FORM_OVERRIDE_KEYS.includes(k)),
  )
  const saved = await updateManaged(
    env.db,
    env.secrets,
    c.customerId,
    {
      displayName: v.displayName,
      domain: v.domain,
      controllerUrl: v.controllerUrl,
      monitoringOverrides: { ...kept, ...v.overrides },
    },
    {
      ...secrets,
      tunnel_token: v.tokens.tunnelToken ?? secrets.tunnel_token,
      registry_username: v.tokens.registryUsername ?? secrets.registry_username,
      registry_token: v.tokens.registryToken ?? secrets.registry_token,
    },
    env.clock.now().getTime(),
  )
  if (!saved) {
    const text = `${c.customerId} changed meanwhile; nothing was saved.`
    return redirectWithFlash(req, `/configs`, { kind: 'error', text })
  }
  env.log.info('customer config saved', { request_id: req.requestId, customer_id: c.customerId })
  return redirectWithFlash(req, `/customers/${c.customerId}`, {
    kind: 'ok',
    text: `Config of ${c.customerId} saved. Push it to the controller to apply it.`,
  })
}
