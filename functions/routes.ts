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
import { getHubCss, getHubJs } from './dashboard/assets.js'
import { requireCsrf, requireSession } from './dashboard/context.js'
import { enrolmentAction, formAction, requireAnySession } from './dashboard/context.js'
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
import {
  getLoginCodePage,
  getLoginRecoveryPage,
  postLoginCode,
  postLoginRecovery,
} from './dashboard/login-code.js'
import {
  getSecurityPage,
  postConfirmEnrolment,
  postNewRecoveryCodes,
  postRemoveFactor,
  postStartEnrolment,
} from './dashboard/security.js'
import { getSessionsPage, postRevokeOtherSessions, postRevokeSession } from './dashboard/sessions.js'
import { getAuditPage } from './dashboard/audit.js'
import { audited } from './audit.js'
import { postCron } from './internal/cron.js'
import { postCancelQueuedAction, postQueueAction } from './dashboard/queued-actions.js'
import { getNewRolloutPage, postNewRollout } from './dashboard/rollout-new.js'
import {
  getRolloutPage,
  getRolloutsPage,
  postAbortRollout,
  postResumeRollout,
  postSkipRolloutNode,
} from './dashboard/rollouts.js'
import { getChannelsPage, postTestChannel } from './dashboard/channels.js'
import { deleteMaintenance, postMaintenance } from './api/maintenance.js'
import { getAckLinkPage, postAckLinkPage } from './dashboard/ack-link.js'
import {
  postAcknowledge,
  postEndFleetMaintenance,
  postEndMaintenance,
  postStartFleetMaintenance,
  postStartMaintenance,
} from './dashboard/oncall.js'

// Body limits (docs/api.md §1) by path; every other route reads at most 64 KiB.
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
  .get('/assets/hub.js', getHubJs)
  .get('/login', getLoginPage)
  .post('/login', audited('login'), postLogin)
  .post('/logout', ...enrolmentAction('logout'), postLogout)
  .get('/', requireSession, getFleetPage)
  .get('/configs', requireSession, getConfigsPage)
  .get('/configs/new', requireSession, getNewConfigPage)
  .post('/configs', ...formAction('config_create'), postNewConfig)
  .get('/configs/:id/edit', requireSession, getEditConfigPage)
  .post('/configs/:id', ...formAction('config_edit'), postEditConfig)
  .get('/customers/:id', requireSession, getCustomerPage)
  .get('/customers/:id/config-diff', requireSession, getConfigDiffPage)
  .post('/customers/:id/reveal-credentials', ...formAction('reveal_credentials'), postRevealCredentials)
  .post('/customers/:id/block', ...formAction('block'), postBlock)
  .post('/customers/:id/unblock', ...formAction('unblock'), postUnblock)
  .post('/customers/:id/delete', ...formAction('delete'), postDelete)
  .post('/customers/:id/purge', ...formAction('purge'), postPurge)
  .post('/customers/:id/create-config', ...formAction('config_create'), postCreateConfig)
  .post('/customers/:id/push-config', ...formAction('push_config'), postPushConfig)
  .post('/customers/:id/pull-config', ...formAction('pull_config'), postPullConfig)
  .post('/customers/:id/trigger-update', ...formAction('trigger_update'), postTriggerUpdate)
  // Sign-in (#12): the second step, the security and sessions pages, the audit log.
  .get('/login/code', getLoginCodePage)
  .post('/login/code', audited('second_factor'), postLoginCode)
  .get('/login/recovery', getLoginRecoveryPage)
  .post('/login/recovery', audited('recovery_code'), postLoginRecovery)
  .get('/settings/security', requireAnySession, getSecurityPage)
  .post('/settings/security/enrol', ...enrolmentAction('totp_enrol_start'), postStartEnrolment)
  .post('/settings/security/confirm', ...enrolmentAction('totp_enrol'), postConfirmEnrolment)
  .post('/settings/security/remove', ...formAction('totp_remove'), postRemoveFactor)
  .post('/settings/security/recovery-codes', ...formAction('recovery_codes_regenerate'), postNewRecoveryCodes)
  .get('/settings/sessions', requireSession, getSessionsPage)
  .post('/settings/sessions/revoke', ...formAction('session_revoke'), postRevokeSession)
  .post('/settings/sessions/revoke-others', ...formAction('session_revoke'), postRevokeOtherSessions)
  .get('/audit', requireSession, getAuditPage)
  // Fleet operations (#11): staged rollouts and queued controller actions.
  .get('/rollouts', requireSession, getRolloutsPage)
  .get('/rollouts/new', requireSession, getNewRolloutPage)
  .post('/rollouts', ...formAction('rollout_start'), postNewRollout)
  .get('/rollouts/:id', requireSession, getRolloutPage)
  .post('/rollouts/:id/resume', ...formAction('rollout_resume'), postResumeRollout)
  .post('/rollouts/:id/abort', ...formAction('rollout_abort'), postAbortRollout)
  .post('/rollouts/:id/skip', ...formAction('rollout_skip'), postSkipRolloutNode)
  .post('/customers/:id/queue-action', ...formAction('queue_action'), postQueueAction)
  .post('/customers/:id/cancel-queued-action', ...formAction('queue_cancel'), postCancelQueuedAction)
  // Households (#13): monthly report preview and choice, restore drill.
  .get('/customers/:id/monthly-report', requireSession, getMonthlyReportPage)
  .post(
    '/customers/:id/monthly-report-subscription',
    ...formAction('monthly_report_subscription'),
    postMonthlyReportSubscription,
  )
  .post('/customers/:id/restore-drill', ...formAction('restore_drill'), postRestoreDrill)

// On call (issue 10): push channels, maintenance windows, acknowledgements. The signed /ack/ link
// needs no session: its signature is the authority (lib/oncall/ack-link.ts).
router
  .post('/api/v1/maintenance', audited('maintenance_set'), requireApiKey, postMaintenance)
  .delete('/api/v1/maintenance/:window_id', audited('maintenance_cancel'), requireApiKey, deleteMaintenance)
  .post('/maintenance', ...formAction('maintenance_set'), postStartFleetMaintenance)
  .post('/maintenance/:window_id/end', ...formAction('maintenance_cancel'), postEndFleetMaintenance)
  .post('/customers/:id/maintenance', ...formAction('maintenance_set'), postStartMaintenance)
  .post('/customers/:id/maintenance/end', ...formAction('maintenance_cancel'), postEndMaintenance)
  .post('/customers/:id/acknowledge', ...formAction('acknowledge'), postAcknowledge)
  .get('/ack/:customer/:state/:since/:expires/:sig', getAckLinkPage)
  .post('/ack/:customer/:state/:since/:expires/:sig', audited('acknowledge'), postAckLinkPage)
  .get('/settings/channels', requireSession, getChannelsPage)
  .post('/settings/channels/:n/test', ...formAction('channel_test'), postTestChannel)
