// GET /configs/new and POST /configs: create a managed customer; the answer shows its
// credentials once (a page, not a redirect, so no secret ever sits in a URL).
import { h } from 'preact'
import { createManagedCustomer } from '../../lib/customers/admin.js'
import { keptValues, parseCustomerForm } from '../../lib/customers/form.js'
import { HttpError } from '../../lib/core/errors.js'
import { ConfigFormPage } from '../../pages/config-form.js'
import { CreatedPage } from '../../pages/created.js'
import { auditTarget } from '../audit.js'
import { layoutProps, page, type DashHandler } from './context.js'

export const getNewConfigPage: DashHandler = async (req) =>
  page(req, h(ConfigFormPage, { ...layoutProps(req), mode: 'create', values: {}, errors: {} }))

export const postNewConfig: DashHandler = async (req, env) => {
  const parsed = parseCustomerForm(req.form, true)
  if (!parsed.ok) {
    const values = keptValues(req.form)
    const props = { ...layoutProps(req), mode: 'create' as const, values, errors: parsed.errors }
    return page(req, h(ConfigFormPage, props), 400)
  }
  const v = parsed.value
  auditTarget(req, v.customerId)
  try {
    const credentials = await createManagedCustomer(env, {
      customerId: v.customerId,
      displayName: v.displayName,
      domain: v.domain,
      controllerUrl: v.controllerUrl,
      monitoringOverrides: v.overrides,
      ...v.tokens,
    })
    const publicUrl = env.config.server.public_url
    const image = env.config.registry.image
    return page(req, h(CreatedPage, { ...layoutProps(req), credentials, publicUrl, image }))
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 409) throw err
    const errors = { customer_id: `${v.customerId} already has a managed config` }
    const props = { ...layoutProps(req), mode: 'create' as const, values: keptValues(req.form), errors }
    return page(req, h(ConfigFormPage, props), 409)
  }
}
