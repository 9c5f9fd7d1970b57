// What the database holds, for tests that assert a request stored nothing.
import type { Env } from '../../lib/core/env.js'

const TABLES = [
  'customer_configs',
  'reports',
  'samples',
  'events',
  'infra_backups',
  'customer_notifications',
  'notification_log',
] as const

/** Row counts of every table a request could write, in one query. */
export async function rowCounts(env: Env): Promise<Record<(typeof TABLES)[number], number>> {
  const rs = await env.db.execute(
    `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`,
  )
  return Object.fromEntries(TABLES.map((t) => [t, Number(rs.rows[0][t])])) as Record<
    (typeof TABLES)[number],
    number
  >
}
