// Every dashboard handler, for the route table's lazy import (functions/routes.ts): this module and
// what it imports (Preact, the pages, the stylesheet) load on the first dashboard request.
export { getAckLinkPage, postAckLinkPage } from './ack-link.js'
export { postBlock, postCreateConfig, postDelete, postPurge, postUnblock } from './actions.js'
export { getHubCss, getHubJs } from './assets.js'
export { getAuditPage } from './audit.js'
export { getChannelsPage, postTestChannel } from './channels.js'
export { getConfigDiffPage } from './config-diff.js'
export { getEditConfigPage, postEditConfig } from './config-edit.js'
export { getNewConfigPage, postNewConfig } from './config-new.js'
export { getConfigsPage } from './configs.js'
export { postPullConfig, postPushConfig, postTriggerUpdate } from './controller-actions.js'
export { getCustomerPage, postRevealCredentials } from './customer.js'
export { getFleetPage } from './fleet.js'
export { getMonthlyReportPage, postMonthlyReportSubscription, postRestoreDrill } from './households.js'
export { getLoginPage, postLogin, postLogout } from './login.js'
export { getLoginCodePage, getLoginRecoveryPage, postLoginCode, postLoginRecovery } from './login-code.js'
export {
  postAcknowledge,
  postEndFleetMaintenance,
  postEndMaintenance,
  postStartFleetMaintenance,
  postStartMaintenance,
} from './oncall.js'
export { postCancelQueuedAction, postQueueAction } from './queued-actions.js'
export { getNewRolloutPage, postNewRollout } from './rollout-new.js'
export {
  getRolloutPage,
  getRolloutsPage,
  postAbortRollout,
  postResumeRollout,
  postSkipRolloutNode,
} from './rollouts.js'
export {
  getSecurityPage,
  postConfirmEnrolment,
  postNewRecoveryCodes,
  postRemoveFactor,
  postStartEnrolment,
} from './security.js'
export { getSessionsPage, postRevokeOtherSessions, postRevokeSession } from './sessions.js'
