// GET /customers/:id (the unified detail page) and POST /customers/:id/reveal-credentials (the
// same page with the API key and retrieval password shown, answered to the POST itself).
import { h } from 'preact'
import { controllerBaseUrl } from '../../lib/controller/client.js'
import { generateControllerYaml } from '../../lib/controller-config/generate.js'
import { maskSecrets } from '../../lib/controller-config/preview.js'
import { updateAvailable } from '../../lib/controller/versions.js'
import type { Env } from '../../lib/core/env.js'
import { SEVERITIES } from '../../lib/events/types.js'
import { errorFields } from '../../lib/core/log.js'
import { latestKnownVersion } from '../../lib/controller/registry.js'
import { latestReport, statusOf } from '../../lib/reports/summaries.js'
import { getCustomer, readSecrets, type Customer } from '../../lib/store/customers.js'
import { problemCountsSince, recentEvents } from '../../lib/store/events.js'
import { listInfraBackupVersions } from '../../lib/store/infra-backups.js'
import { recentNotifications } from '../../lib/store/notification-log.js'
import { historySince } from '../../lib/reports/history.js'
import { PERIODS, type Period } from '../../pages/components/chart.js'
import { CustomerPage } from '../../pages/customer.js'
import { customerOps } from './fleet-ops.js'
import { householdProps } from './households.js'
import { customerOnCall } from '../../lib/oncall/view.js'
import { iso } from '../../lib/core/clock.js'
import {
  customerIdParam,
  layoutProps,
  notFoundPage,
  page,
  type DashHandler,
  type DashRequest,
} from './context.js'

const DAY = 86_400_000
const PERIOD_MS: Record<Period, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY, '90d': 90 * DAY }

type Preview = { yaml: string | null; error?: string }

async function yamlPreview(env: Env, c: Customer, req: DashRequest): Promise<Preview> {
  if (c.configType !== 'managed') return { yaml: null }
  const secrets = await readSecrets(env.db, env.secrets, c.customerId)
  if (!secrets) return { yaml: null, error: 'No stored credentials: the config cannot be generated.' }
  try {
    return { yaml: maskSecrets(await generateControllerYaml(env, c, secrets)) }
  } catch (err) {
    const fields = { request_id: req.requestId, customer_id: c.customerId, ...errorFields(err) }
    env.log.warn('config preview failed', fields)
    return { yaml: null, error: `The config cannot be generated: ${(err as Error).message}` }
  }
}

/** The query value when it is one of `allowed`, else null. */
function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : null
}

async function renderCustomer(req: DashRequest, env: Env, reveal: boolean): Promise<Response> {
  const id = customerIdParam(req)
  const c = id ? await getCustomer(env.db, id) : null
  if (!id || !c) return notFoundPage(req, `Customer ${id ?? ''}`)
  const query = new URL(req.url).searchParams
  const severity = oneOf(SEVERITIES, query.get('severity'))
  const period: Period = oneOf(PERIODS, query.get('period')) ?? '24h'
  const now = env.clock.now().getTime()
  const periodFrom = now - PERIOD_MS[period]

  const loaded = await Promise.all([
    latestReport(env, c),
    problemCountsSince(env.db, now - DAY, c.customerId),
    recentEvents(env.db, c.customerId, { limit: 50, severity: severity ?? undefined }),
    historySince(env.db, c.ref, PERIOD_MS[period], now),
    recentNotifications(env.db, c.customerId, 20),
    listInfraBackupVersions(env.db, c.customerId),
    latestKnownVersion(env),
    yamlPreview(env, c, req),
    reveal ? readSecrets(env.db, env.secrets, c.customerId) : Promise.resolve(null),
    customerOps(env, req, c.customerId),
    householdProps(env, c, req.dash.session.csrf),
    customerOnCall(env, c.customerId),
  ])
  const [
    stored,
    counts,
    events,
    history,
    notifications,
    infraBackups,
    latest,
    preview,
    secrets,
    ops,
    households,
    oncall,
  ] = loaded
  const inWindow = oncall.windows.filter((w) => w.startsAt <= now)
  if (reveal) env.log.info('credentials revealed', { request_id: req.requestId, customer_id: c.customerId })
  const props = {
    ...layoutProps(req),
    now,
    customer: c,
    status: statusOf(env, c),
    controllerUrl: controllerBaseUrl(c),
    report: stored?.report ?? null,
    reportProblem: stored?.problem ?? null,
    counts24h: counts.get(c.customerId) ?? { error: 0, warning: 0 },
    events,
    severity,
    history: history.points,
    period,
    periodFrom,
    notifications,
    infraBackups,
    yamlPreview: preview.yaml,
    yamlError: preview.error,
    revealed: secrets ? { api_key: secrets.api_key, retrieval_password: secrets.retrieval_password } : null,
    latestVersion: latest?.version ?? null,
    updateAvailable: updateAvailable(c.controllerVersion, latest?.version),
    publicUrl: env.config.server.public_url,
    image: env.config.registry.image,
    ops,
    households,
    oncall,
    maintenanceUntil: inWindow.length ? iso(Math.max(...inWindow.map((w) => w.effectiveEnd))) : null,
  }
  return page(req, h(CustomerPage, props))
}

export const getCustomerPage: DashHandler = (req, env) => renderCustomer(req, env, false)
export const postRevealCredentials: DashHandler = (req, env) => renderCustomer(req, env, true)
