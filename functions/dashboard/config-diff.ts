// GET /customers/:id/config-diff: reads the controller's live config (a GET: it changes nothing)
// and shows how it differs from what the hub would push. Failures are shown on the page.
import { h } from 'preact'
import { controllerBaseUrl, fetchLiveConfig } from '../../lib/controller/client.js'
import { diffConfigs, type DiffRow } from '../../lib/controller-config/diff.js'
import { generateControllerYaml } from '../../lib/controller-config/generate.js'
import { errorFields } from '../../lib/core/log.js'
import { getCustomer, readSecrets } from '../../lib/store/customers.js'
import { ConfigDiffPage } from '../../pages/config-diff.js'
import {
  redirectWithFlash,
  customerIdParam,
  layoutProps,
  notFoundPage,
  page,
  type DashHandler,
} from './context.js'

export const getConfigDiffPage: DashHandler = async (req, env) => {
  const id = customerIdParam(req)
  const c = id ? await getCustomer(env.db, id) : null
  if (!id || !c) return notFoundPage(req, `Customer ${id ?? ''}`)
  const secrets = c.configType === 'managed' ? await readSecrets(env.db, env.secrets, id) : null
  if (!secrets) {
    return redirectWithFlash(req, `/customers/${id}`, {
      kind: 'error',
      text: `${id} has no managed config to compare.`,
    })
  }

  let rows: DiffRow[] | null = null
  let error: string | undefined
  try {
    const live = await fetchLiveConfig(env, c, secrets.api_key)
    if (!live.ok) error = `Could not read the controller's config: ${live.message}`
    else rows = diffConfigs(await generateControllerYaml(env, c, secrets), live.value)
  } catch (err) {
    env.log.warn('config diff failed', { request_id: req.requestId, customer_id: id, ...errorFields(err) })
    error = `Could not compare the configs: ${(err as Error).message}`
  }
  const props = { ...layoutProps(req), customerId: id, controllerUrl: controllerBaseUrl(c), rows, error }
  return page(req, h(ConfigDiffPage, props))
}
