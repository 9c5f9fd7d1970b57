// The route table: every route on one line. Handlers live one per file beside this one.
import { KiB, MiB, refuseBody } from '../lib/core/http.js'
import { createRouter, serveRouter } from './app.js'
import { requireApiKey } from './api/auth.js'
import { getControllerConfig } from './api/config.js'
import { getCustomerById, getCustomerHistory, getCustomers } from './api/customers.js'
import { postEvent } from './api/event.js'
import { getInfraBackup, postInfraBackup } from './api/infra-backup.js'
import { postNotify } from './api/notify.js'
import { postPreferences } from './api/preferences.js'
import { postReport } from './api/report.js'
import { getHealthz } from './healthz.js'
import { getMetrics, requireMetricsAuth } from './metrics.js'
import { getHubCss } from './dashboard/assets.js'
import { requireCsrf, requireSession } from './dashboard/context.js'
import { postBlock, postCreateConfig, postDelete, postPurge, postUnblock } from './dashboard/actions.js'
import { getConfigDiffPage } from './dashboard/config-diff.js'
import { getEditConfigPage, postEditConfig } from './dashboard/config-edit.js'
import { postNewConfig, getNewConfigPage } from './dashboard/config-new.js'
import { getConfigsPage } from './dashboard/configs.js'
import { postPullConfig, postPushConfig, postTriggerUpdate } from './dashboard/controller-actions.js'
import { getCustomerPage, postRevealCredentials } from './dashboard/customer.js'
import { getFleetPage } from './dashboard/fleet.js'
import {
  getMonthlyReportPage,
  postMonthlyReportSubscription,
  postRestoreDrill,
} from './dashboard/households.js'
import { getLoginPage, postLogin, postLogout } from './dashboard/login.js'
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
  .get('/healthz', getHealthz)
  .get('/metrics', requireMetricsAuth, getMetrics)
  .post('/api/v1/report', requireApiKey, postReport)
  .get('/api/v1/customers', requireApiKey, getCustomers)
  .get('/api/v1/customers/:id', requireApiKey, getCustomerById)
  .get('/api/v1/customers/:id/history', requireApiKey, getCustomerHistory)
  .post('/api/v1/event', requireApiKey, postEvent)
  .post('/api/v1/infra-backup', requireApiKey, postInfraBackup)
  .get('/api/v1/infra-backup/:id', requireApiKey, getInfraBackup)
  .post('/api/v1/notify', requireApiKey, postNotify)
  .post('/api/v1/preferences', requireApiKey, postPreferences)
  .get('/api/v1/config/:id', getControllerConfig)
  .post('/internal/cron/:job', postCron)
  .get('/assets/hub.css', getHubCss)
  .get('/login', getLoginPage)
  .post('/login', postLogin)
  .post('/logout', requireSession, requireCsrf, postLogout)
  .get('/', requireSession, getFleetPage)
  .get('/configs', requireSession, getConfigsPage)
  .get('/configs/new', requireSession, getNewConfigPage)
  .post('/configs', requireSession, requireCsrf, postNewConfig)
  .get('/configs/:id/edit', requireSession, getEditConfigPage)
  .post('/configs/:id', requireSession, requireCsrf, postEditConfig)
  .get('/customers/:id', requireSession, getCustomerPage)
  .get('/customers/:id/config-diff', requireSession, getConfigDiffPage)
  .post('/customers/:id/reveal-credentials', requireSession, requireCsrf, postRevealCredentials)
  .post('/customers/:id/block', requireSession, requireCsrf, postBlock)
  .post('/customers/:id/unblock', requireSession, requireCsrf, postUnblock)
  .post('/customers/:id/delete', requireSession, requireCsrf, postDelete)
  .post('/customers/:id/purge', requireSession, requireCsrf, postPurge)
  .post('/customers/:id/create-config', requireSession, requireCsrf, postCreateConfig)
  .post('/customers/:id/push-config', requireSession, requireCsrf, postPushConfig)
  .post('/customers/:id/pull-config', requireSession, requireCsrf, postPullConfig)
  .post('/customers/:id/trigger-update', requireSession, requireCsrf, postTriggerUpdate)
  // Households (#13): monthly report preview and choice, restore drill.
  .get('/customers/:id/monthly-report', requireSession, getMonthlyReportPage)
  .post(
    '/customers/:id/monthly-report-subscription',
    requireSession,
    requireCsrf,
    postMonthlyReportSubscription,
  )
  .post('/customers/:id/restore-drill', requireSession, requireCsrf, postRestoreDrill)
