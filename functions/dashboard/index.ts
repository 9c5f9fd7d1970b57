// Every dashboard handler, for the route table's lazy import (functions/routes.ts): this module and
// what it imports (Preact, the pages, the stylesheet) load on the first dashboard request.
export { getHubCss } from './assets.js'
export { postBlock, postCreateConfig, postDelete, postPurge, postUnblock } from './actions.js'
export { getConfigDiffPage } from './config-diff.js'
export { getEditConfigPage, postEditConfig } from './config-edit.js'
export { getNewConfigPage, postNewConfig } from './config-new.js'
export { getConfigsPage } from './configs.js'
export { postPullConfig, postPushConfig, postTriggerUpdate } from './controller-actions.js'
export { getCustomerPage, postRevealCredentials } from './customer.js'
export { getFleetPage } from './fleet.js'
export { getLoginPage, postLogin, postLogout } from './login.js'
