// A customer's status, docs/api.md §3: the first match wins.
import type { Customer } from '../store/customers.js'

export type Status = 'blocked' | 'pending' | 'disabled' | 'down' | 'warn' | 'ok'
export const STATUSES: Status[] = ['down', 'warn', 'pending', 'disabled', 'ok', 'blocked']

export function customerStatus(
  c: Pick<Customer, 'blocked' | 'lastReportAt' | 'monitoringEnabled' | 'health'>,
  nowMs: number,
  staleMs: number,
): Status {
  if (c.blocked) return 'blocked'
  if (c.lastReportAt === null) return 'pending'
  if (c.monitoringEnabled === false) return 'disabled'
  const age = nowMs - c.lastReportAt
  if (age > 2 * staleMs || c.health === 'fail') return 'down'
  if (age > staleMs || c.health === 'warn') return 'warn'
  return 'ok'
}
