// The route table: every route on one line. Handlers live one per file beside this one.
import { KiB, MiB, refuseBody } from '../lib/http.js'
import { createRouter, serveRouter } from './app.js'
import { requireApiKey } from './api/auth.js'
import { getConfig } from './api/config.js'
import { getCustomerRoute, getHistoryRoute, listCustomersRoute } from './api/customers.js'
import { postEvent } from './api/event.js'
import { getInfraBackup, postInfraBackup } from './api/infra-backup.js'
import { postNotify } from './api/notify.js'
import { postPreferences } from './api/preferences.js'
import { postReport } from './api/report.js'
import { healthz } from './healthz.js'
import { getMetrics, requireMetricsAuth } from './metrics.js'
import { hubCss } from './dashboard/assets.js'
import { requireCsrf, requireSession } from './dashboard/context.js'
import {
  blockAction,
  createConfigAction,
  deleteAction,
  purgeAction,
  unblockAction,
} from './dashboard/actions.js'
import { configDiffPage } from './dashboard/config-diff.js'
import { editConfigPage, updateConfig } from './dashboard/config-edit.js'
import { createConfig, newConfigPage } from './dashboard/config-new.js'
import { configsPage } from './dashboard/configs.js'
import { pullConfigAction, pushConfigAction, triggerUpdateAction } from './dashboard/controller-actions.js'
import { customerPage, revealCredentials } from './dashboard/customer.js'
import { fleetPage } from './dashboard/fleet.js'
import { getLogin, postLogin, postLogout } from './dashboard/login.js'
import { postCron } from './internal/cron.js'

// Body limits (spec §1) by path; every other route reads at most 64 KiB.
const BODY_LIMITS: Record<string, number> = { '/api/v1/report': 1 * MiB, '/api/v1/infra-backup': 8 * MiB }
export const bodyLimit = (path: string): number => BODY_LIMITS[path.replace(/\/+$/, '')] ?? 64 * KiB

/** A request body refused by its headers alone on the route of `path` (415, 413), or null. */
export const bodyRefusal = (path: string, headers: { get(name: string): string | null }) =>
  refuseBody(headers, bodyLimit(path))

export const router = createRouter({ bodyLimit })
/** What the entries serve: the router behind the request-line guard. */
export const serve = serveRouter(router)

router
  .get('/healthz', healthz)
  .get('/metrics', requireMetricsAuth, getMetrics)
  .post('/api/v1/report', requireApiKey, postReport)
  .get('/api/v1/customers', requireApiKey, listCustomersRoute)
  .get('/api/v1/customers/:id', requireApiKey, getCustomerRoute)
  .get('/api/v1/customers/:id/history', requireApiKey, getHistoryRoute)
  .post('/api/v1/event', requireApiKey, postEvent)
  .post('/api/v1/infra-backup', requireApiKey, postInfraBackup)
  .get('/api/v1/infra-backup/:id', requireApiKey, getInfraBackup)
  .post('/api/v1/notify', requireApiKey, postNotify)
  .post('/api/v1/preferences', requireApiKey, postPreferences)
  .get('/api/v1/config/:id', getConfig)
  .post('/internal/cron/:job', postCron)
  .get('/assets/hub.css', hubCss)
  .get('/login', getLogin)
  .post('/login', postLogin)
  .post('/logout', requireSession, requireCsrf, postLogout)
  .get('/', requireSession, fleetPage)
  .get('/configs', requireSession, configsPage)
  .get('/configs/new', requireSession, newConfigPage)
  .post('/configs', requireSession, requireCsrf, createConfig)
  .get('/configs/:id/edit', requireSession, editConfigPage)
  .post('/configs/:id', requireSession, requireCsrf, updateConfig)
  .get('/customers/:id', requireSession, customerPage)
  .get('/customers/:id/config-diff', requireSession, configDiffPage)
  .post('/customers/:id/reveal-credentials', requireSession, requireCsrf, revealCredentials)
  .post('/customers/:id/block', requireSession, requireCsrf, blockAction)
  .post('/customers/:id/unblock', requireSession, requireCsrf, unblockAction)
  .post('/customers/:id/delete', requireSession, requireCsrf, deleteAction)
  .post('/customers/:id/purge', requireSession, requireCsrf, purgeAction)
  .post('/customers/:id/create-config', requireSession, requireCsrf, createConfigAction)
  .post('/customers/:id/push-config', requireSession, requireCsrf, pushConfigAction)
  .post('/customers/:id/pull-config', requireSession, requireCsrf, pullConfigAction)
  .post('/customers/:id/trigger-update', requireSession, requireCsrf, triggerUpdateAction)
