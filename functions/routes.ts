// The route table: every route on one line. Handlers live one per file beside this one.
import { createRouter } from './app.js'
import { requireApiKey } from './api/auth.js'
import { getConfig } from './api/config.js'
import { getCustomerRoute, getHistoryRoute, listCustomersRoute } from './api/customers.js'
import { postEvent } from './api/event.js'
import { getInfraBackup, postInfraBackup } from './api/infra-backup.js'
import { postNotify } from './api/notify.js'
import { postPreferences } from './api/preferences.js'
import { postReport } from './api/report.js'
import { healthz } from './healthz.js'
import { getMetrics } from './metrics.js'
import { hubCss } from './dashboard/assets.js'
import { requireCsrf, requireSession } from './dashboard/context.js'
import { fleetPage } from './dashboard/fleet.js'
import { getLogin, postLogin, postLogout } from './dashboard/login.js'
import { postCron } from './internal/cron.js'

export const router = createRouter()

router
  .get('/healthz', healthz)
  .get('/metrics', requireApiKey, getMetrics)
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
