// The customer views built from reports: the summary the API lists, status, the latest report.
import type { Env } from '../core/env.js'
import { durationMs } from '../core/config.js'
import { customerStatus, type Status } from './status.js'
import { getCustomer, listCustomers, type Customer } from '../store/customers.js'
import { problemCountsSince } from '../store/events.js'
import { reportById, type StoredReport } from '../store/reports.js'
import { iso } from '../core/clock.js'
import { maintenanceUntil, untilFor } from '../oncall/maintenance.js'

const DAY = 86_400_000

export interface CustomerSummary {
  customer_id: string
  display_name: string
  status: Status
  config_type: 'managed' | 'manual'
  last_report_at: string | null
  controller_version: string | null
  hostname: string | null
  health: string | null
  events_24h: { error: number; warning: number }
  /** The end of the maintenance window the customer is in (its own or the fleet's), or null. */
  maintenance_until: string | null
}

/** What a summary is made of: a listed customer (lib/store/customer-list.ts) is enough. */
export type SummarySource = Pick<
  Customer,
  'customerId' | 'displayName' | 'hostname' | 'configType' | 'blocked' | 'lastReportAt' | 'monitoringEnabled'
> &
  Pick<Customer, 'controllerVersion' | 'health'> & { status?: Status }

export function statusOf(
  env: Env,
  c: Pick<Customer, 'blocked' | 'lastReportAt' | 'monitoringEnabled' | 'health'>,
): Status {
  return customerStatus(c, env.clock.now().getTime(), durationMs(env.config.alerting.stale_threshold))
}

export async function customerSummaries(env: Env, onlyCustomerId?: string): Promise<CustomerSummary[]> {
  const customers = onlyCustomerId
    ? [await getCustomer(env.db, onlyCustomerId)].filter((c): c is Customer => c !== null)
    : await listCustomers(env.db)
  return summariesOf(env, customers, onlyCustomerId === undefined ? undefined : [onlyCustomerId])
}

/**
 * The summaries of the given customers (a page of them), their 24-hour event counts read for
 * `ids` only (all customers' when undefined).
 */
export async function summariesOf(
  env: Env,
  customers: SummarySource[],
  ids: string[] | undefined = customers.map((c) => c.customerId),
): Promise<CustomerSummary[]> {
  const now = env.clock.now().getTime()
  const [counts, maintenance] = await Promise.all([
    problemCountsSince(env.db, now - DAY, ids),
    // The windows in force now are few; one customer's read alone when only one is asked for.
    maintenanceUntil(env, ids?.length === 1 ? ids[0] : undefined),
  ])
  return customers.map((c) => ({
    customer_id: c.customerId,
    display_name: c.displayName || c.hostname || c.customerId,
    status: c.status ?? statusOf(env, c),
    config_type: c.configType,
    last_report_at: c.lastReportAt === null ? null : iso(c.lastReportAt),
    controller_version: c.controllerVersion,
    hostname: c.hostname,
    health: c.health,
    events_24h: counts.get(c.customerId) ?? { error: 0, warning: 0 },
    maintenance_until: isoOrNull(untilFor(maintenance, c.customerId)),
  }))
}

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

/** The customer's latest report; an unreadable one comes back with `report: null` and is logged. */
export async function latestReport(env: Env, c: Customer): Promise<StoredReport | null> {
  if (c.latestReportId === null) return null
  const stored = await reportById(env.db, c.latestReportId)
  if (stored?.problem) {
    env.log.warn('stored report unreadable', {
      customer_id: c.customerId,
      report_id: c.latestReportId,
      problem: stored.problem,
    })
  }
  return stored
}
