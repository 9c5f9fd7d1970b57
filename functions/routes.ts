// The route table: every route on one line. Handlers live one per file beside this one.
import { KiB, MiB, refuseBody } from '../lib/core/http.js'
import { createRouter, lazily, serveRouter } from './app.js'
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
import { requireCsrf, requireSession } from './dashboard/session.js'
import { postCron } from './internal/cron.js'

// Body limits (spec §1) by path; every other route reads at most 64 KiB.
const BODY_LIMITS: Record<string, number> = { '/api/v1/report': 1 * MiB, '/api/v1/infra-backup': 8 * MiB }
export const bodyLimit = (path: string): number => BODY_LIMITS[path.replace(/\/+$/, '')] ?? 64 * KiB

/** A request body refused by its headers alone on the route of `path` (415, 413), or null. */
export const bodyRefusal = (path: string, headers: { get(name: string): string | null }) =>
  refuseBody(headers, bodyLimit(path))

export const router = createRouter({ bodyLimit })
/**
 * The dashboard's handlers, imported on the first dashboard request: Preact, the pages and the
 * stylesheet stay out of memory in a hub that only serves the API (README, "Memory").
 */
const dash = lazily(() => import('./dashboard/index.js'))
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
  .get('/assets/hub.css', dash('getHubCss'))
  .get('/login', dash('getLoginPage'))
  .post('/login', dash('postLogin'))
  .post('/logout', requireSession, requireCsrf, dash('postLogout'))
  .get('/', requireSession, dash('getFleetPage'))
  .get('/configs', requireSession, dash('getConfigsPage'))
  .get('/configs/new', requireSession, dash('getNewConfigPage'))
  .post('/configs', requireSession, requireCsrf, dash('postNewConfig'))
  .get('/configs/:id/edit', requireSession, dash('getEditConfigPage'))
  .post('/configs/:id', requireSession, requireCsrf, dash('postEditConfig'))
  .get('/customers/:id', requireSession, dash('getCustomerPage'))
  .get('/customers/:id/config-diff', requireSession, dash('getConfigDiffPage'))
  .post('/customers/:id/reveal-credentials', requireSession, requireCsrf, dash('postRevealCredentials'))
  .post('/customers/:id/block', requireSession, requireCsrf, dash('postBlock'))
  .post('/customers/:id/unblock', requireSession, requireCsrf, dash('postUnblock'))
  .post('/customers/:id/delete', requireSession, requireCsrf, dash('postDelete'))
  .post('/customers/:id/purge', requireSession, requireCsrf, dash('postPurge'))
  .post('/customers/:id/create-config', requireSession, requireCsrf, dash('postCreateConfig'))
  .post('/customers/:id/push-config', requireSession, requireCsrf, dash('postPushConfig'))
  .post('/customers/:id/pull-config', requireSession, requireCsrf, dash('postPullConfig'))
  .post('/customers/:id/trigger-update', requireSession, requireCsrf, dash('postTriggerUpdate'))
