// Purge: everything the hub holds for one customer, in one transaction. Unlike deleteCustomer (the
// config only, as the Go hub did), nothing of the customer is left: config, credentials, reports,
// samples, events, notification log, preferences, infra backups, alert state, idempotency keys,
// retrieval throttle, queued actions, drift state, its part in rollouts, disk usage and forecasts,
// DR readiness and drills, monthly reports, and the on-call rows (notification decisions,
// maintenance windows, state changes, acknowledgements).
// A controller that keeps reporting afterwards starts over as a new manual customer.
//
// A new table that holds a customer's rows belongs in HOLDINGS; test/lib/store/purge.test.ts finds
// every table with a customer_id or customer_ref column and fails until it is here.
import type { Client, InStatement } from '@libsql/client'
import { retrievalThrottleKey } from './throttle.js'

const REF = '(SELECT ref FROM customer_configs WHERE customer_id = ?)'

/** Each table and how its rows name the customer; customer_configs last (the others use its ref). */
const HOLDINGS: { table: string; where: string; arg: (customerId: string) => string }[] = [
  { table: 'samples', where: `customer_ref = ${REF}`, arg: (id) => id },
  { table: 'samples_hourly', where: `customer_ref = ${REF}`, arg: (id) => id },
  { table: 'reports', where: `customer_ref = ${REF}`, arg: (id) => id },
  { table: 'events', where: 'customer_id = ?', arg: (id) => id },
  { table: 'notification_log', where: 'customer_id = ?', arg: (id) => id },
  { table: 'customer_notifications', where: 'customer_id = ?', arg: (id) => id },
  { table: 'infra_backups', where: 'customer_id = ?', arg: (id) => id },
  { table: 'alert_state', where: 'customer_id = ?', arg: (id) => id },
  { table: 'idempotency_keys', where: 'customer_id = ?', arg: (id) => id },
  { table: 'throttle', where: 'key = ?', arg: retrievalThrottleKey },
  { table: 'queued_action_attempts', where: 'customer_id = ?', arg: (id) => id },
  { table: 'queued_actions', where: 'customer_id = ?', arg: (id) => id },
  { table: 'config_drift', where: 'customer_id = ?', arg: (id) => id },
  { table: 'rollout_log', where: 'customer_id = ?', arg: (id) => id },
  { table: 'rollout_nodes', where: 'customer_id = ?', arg: (id) => id },
  { table: 'disk_usage', where: `customer_ref = ${REF}`, arg: (id) => id },
  { table: 'disk_forecasts', where: 'customer_id = ?', arg: (id) => id },
  { table: 'dr_readiness', where: 'customer_id = ?', arg: (id) => id },
  { table: 'dr_drills', where: 'customer_id = ?', arg: (id) => id },
  { table: 'monthly_reports', where: 'customer_id = ?', arg: (id) => id },
  { table: 'notification_decisions', where: 'customer_id = ?', arg: (id) => id },
  { table: 'maintenance_windows', where: 'customer_id = ?', arg: (id) => id },
  { table: 'state_changes', where: 'customer_id = ?', arg: (id) => id },
  { table: 'acknowledgements', where: 'customer_id = ?', arg: (id) => id },
  { table: 'customer_configs', where: 'customer_id = ?', arg: (id) => id },
]

/**
 * Tables that name customers but are not the customer's: the audit log records what the operator
 * did (the purge itself included), so it keeps its entries until retention.max_days ends them.
 */
export const OUTLIVES_PURGE = ['audit_log']

export type Holdings = Record<string, number>

/** How many rows each table holds for the customer (what a purge would erase). */
export async function customerHoldings(db: Client, customerId: string): Promise<Holdings> {
  const stmts: InStatement[] = HOLDINGS.map((h) => ({
    sql: `SELECT count(*) AS n FROM ${h.table} WHERE ${h.where}`,
    args: [h.arg(customerId)],
  }))
  const results = await db.batch(stmts, 'read')
  return Object.fromEntries(HOLDINGS.map((h, i) => [h.table, Number(results[i].rows[0].n)]))
}

/** Erases every row the hub holds for the customer; returns how many went, per table. */
export async function purgeCustomer(db: Client, customerId: string): Promise<Holdings> {
  const stmts: InStatement[] = HOLDINGS.map((h) => ({
    sql: `DELETE FROM ${h.table} WHERE ${h.where}`,
    args: [h.arg(customerId)],
  }))
  const results = await db.batch(stmts, 'write')
  return Object.fromEntries(HOLDINGS.map((h, i) => [h.table, results[i].rowsAffected]))
}

export const total = (h: Holdings) => Object.values(h).reduce((a, b) => a + b, 0)
