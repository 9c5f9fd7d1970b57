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
import { audited } from './audit.js'
import { enrolmentAction, formAction, requireAnySession, requireSession } from './dashboard/session.js'
import { postCron } from './internal/cron.js'
import { deleteMaintenance, postMaintenance } from './api/maintenance.js'

// Body limits (docs/api.md §1) by path; every other route reads at most 64 KiB.
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
  .get('/assets/hub.js', dash('getHubJs'))
  .get('/login', dash('getLoginPage'))
  .post('/login', audited('login'), dash('postLogin'))
  .post('/logout', ...enrolmentAction('logout'), dash('postLogout'))
  .get('/', requireSession, dash('getFleetPage'))
  .get('/configs', requireSession, dash('getConfigsPage'))
  .get('/configs/new', requireSession, dash('getNewConfigPage'))
  .post('/configs', ...formAction('config_create'), dash('postNewConfig'))
  .get('/configs/:id/edit', requireSession, dash('getEditConfigPage'))
  .post('/configs/:id', ...formAction('config_edit'), dash('postEditConfig'))
  .get('/customers/:id', requireSession, dash('getCustomerPage'))
  .get('/customers/:id/config-diff', requireSession, dash('getConfigDiffPage'))
  .post(
    '/customers/:id/reveal-credentials',
    ...formAction('reveal_credentials'),
    dash('postRevealCredentials'),
  )
  .post('/customers/:id/block', ...formAction('block'), dash('postBlock'))
  .post('/customers/:id/unblock', ...formAction('unblock'), dash('postUnblock'))
  .post('/customers/:id/delete', ...formAction('delete'), dash('postDelete'))
  .post('/customers/:id/purge', ...formAction('purge'), dash('postPurge'))
  .post('/customers/:id/create-config', ...formAction('config_create'), dash('postCreateConfig'))
  .post('/customers/:id/push-config', ...formAction('push_config'), dash('postPushConfig'))
  .post('/customers/:id/pull-config', ...formAction('pull_config'), dash('postPullConfig'))
  .post('/customers/:id/trigger-update', ...formAction('trigger_update'), dash('postTriggerUpdate'))
  // Sign-in (#12): the second step, the security and sessions pages, the audit log.
  .get('/login/code', dash('getLoginCodePage'))
  .post('/login/code', audited('second_factor'), dash('postLoginCode'))
  .get('/login/recovery', dash('getLoginRecoveryPage'))
  .post('/login/recovery', audited('recovery_code'), dash('postLoginRecovery'))
  .get('/settings/security', requireAnySession, dash('getSecurityPage'))
  .post('/settings/security/enrol', ...enrolmentAction('totp_enrol_start'), dash('postStartEnrolment'))
  .post('/settings/security/confirm', ...enrolmentAction('totp_enrol'), dash('postConfirmEnrolment'))
  .post('/settings/security/remove', ...formAction('totp_remove'), dash('postRemoveFactor'))
  .post(
    '/settings/security/recovery-codes',
    ...formAction('recovery_codes_regenerate'),
    dash('postNewRecoveryCodes'),
  )
  .get('/settings/sessions', requireSession, dash('getSessionsPage'))
  .post('/settings/sessions/revoke', ...formAction('session_revoke'), dash('postRevokeSession'))
  .post('/settings/sessions/revoke-others', ...formAction('session_revoke'), dash('postRevokeOtherSessions'))
  .get('/audit', requireSession, dash('getAuditPage'))
  // Fleet operations (#11): staged rollouts and queued controller actions.
  .get('/rollouts', requireSession, dash('getRolloutsPage'))
  .get('/rollouts/new', requireSession, dash('getNewRolloutPage'))
  .post('/rollouts', ...formAction('rollout_start'), dash('postNewRollout'))
  .get('/rollouts/:id', requireSession, dash('getRolloutPage'))
  .post('/rollouts/:id/resume', ...formAction('rollout_resume'), dash('postResumeRollout'))
  .post('/rollouts/:id/abort', ...formAction('rollout_abort'), dash('postAbortRollout'))
  .post('/rollouts/:id/skip', ...formAction('rollout_skip'), dash('postSkipRolloutNode'))
  .post('/customers/:id/queue-action', ...formAction('queue_action'), dash('postQueueAction'))
  .post('/customers/:id/cancel-queued-action', ...formAction('queue_cancel'), dash('postCancelQueuedAction'))
  // Households (#13): monthly report preview and choice, restore drill.
  .get('/customers/:id/monthly-report', requireSession, dash('getMonthlyReportPage'))
  .post(
    '/customers/:id/monthly-report-subscription',
    ...formAction('monthly_report_subscription'),
    dash('postMonthlyReportSubscription'),
  )
  .post('/customers/:id/restore-drill', ...formAction('restore_drill'), dash('postRestoreDrill'))

// On call (issue 10): push channels, maintenance windows, acknowledgements. The signed /ack/ link
// needs no session: its signature is the authority (lib/oncall/ack-link.ts).
router
  .post('/api/v1/maintenance', audited('maintenance_set'), requireApiKey, postMaintenance)
  .delete('/api/v1/maintenance/:window_id', audited('maintenance_cancel'), requireApiKey, deleteMaintenance)
  .post('/maintenance', ...formAction('maintenance_set'), dash('postStartFleetMaintenance'))
  .post('/maintenance/:window_id/end', ...formAction('maintenance_cancel'), dash('postEndFleetMaintenance'))
  .post('/customers/:id/maintenance', ...formAction('maintenance_set'), dash('postStartMaintenance'))
  .post('/customers/:id/maintenance/end', ...formAction('maintenance_cancel'), dash('postEndMaintenance'))
  .post('/customers/:id/acknowledge', ...formAction('acknowledge'), dash('postAcknowledge'))
  .get('/ack/:customer/:state/:since/:expires/:sig', dash('getAckLinkPage'))
  .post('/ack/:customer/:state/:since/:expires/:sig', audited('acknowledge'), dash('postAckLinkPage'))
  .get('/settings/channels', requireSession, dash('getChannelsPage'))
  .post('/settings/channels/:n/test', ...formAction('channel_test'), dash('postTestChannel'))
