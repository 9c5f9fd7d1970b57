// dr_readiness (each customer's latest assessment) and dr_drills (restore drills), migration 0051.
import type { Client } from '@libsql/client'
import { jsonCol, num, type Row } from './rows.js'

export type DrLevel = 'ready' | 'at_risk' | 'not_ready'

export interface DrState {
  customerId: string
  level: DrLevel
  /** In words, for the operator; empty when ready. */
  reasons: string[]
  infraVersion: number | null
  checkedAt: number
  changedAt: number
}

const strings = (v: unknown): string[] => {
  const a = jsonCol<unknown>(v, [])
  return Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : []
}

const toState = (r: Row): DrState => ({
  customerId: String(r.customer_id),
  level: r.level as DrLevel,
  reasons: strings(r.reasons),
  infraVersion: num(r.infra_version),
  checkedAt: Number(r.checked_at),
  changedAt: Number(r.changed_at),
})

export async function drStateOf(db: Client, customerId: string): Promise<DrState | null> {
  const rs = await db.execute({ sql: 'SELECT * FROM dr_readiness WHERE customer_id = ?', args: [customerId] })
  return rs.rows[0] ? toState(rs.rows[0]) : null
}

export async function allDrStates(db: Client): Promise<Map<string, DrState>> {
  const rs = await db.execute('SELECT * FROM dr_readiness')
  return new Map(rs.rows.map((r) => [String(r.customer_id), toState(r)]))
}

/**
 * Stores a new assessment if the level is still `from` (null: no row yet); false when another run
 * changed it first. changed_at moves only when the level does.
 */
export async function casDrState(
  db: Client,
  from: DrLevel | null,
  next: Omit<DrState, 'changedAt'>,
): Promise<boolean> {
  const reasons = JSON.stringify(next.reasons)
  const rs =
    from === null
      ? await db.execute({
          sql: `INSERT INTO dr_readiness (customer_id, level, reasons, infra_version, checked_at, changed_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id) DO NOTHING`,
          args: [next.customerId, next.level, reasons, next.infraVersion, next.checkedAt, next.checkedAt],
        })
      : await db.execute({
          sql: `UPDATE dr_readiness SET level = ?, reasons = ?, infra_version = ?, checked_at = ?,
                  changed_at = CASE WHEN level = ? THEN changed_at ELSE ? END
                WHERE customer_id = ? AND level = ?`,
          args: [
            next.level,
            reasons,
            next.infraVersion,
            next.checkedAt,
            next.level,
            next.checkedAt,
            next.customerId,
            from,
          ],
        })
  return rs.rowsAffected === 1
}

export interface FailedCheck {
  name: string
  problem: string
}

export interface DrDrill {
  id: number
  customerId: string
  drilledAt: number
  ok: boolean
  infraVersion: number | null
  failed: FailedCheck[]
}

/** Drills kept per customer: the latest is what the page shows, a few more are history. */
const KEEP_DRILLS = 20

export async function recordDrill(db: Client, d: Omit<DrDrill, 'id'>): Promise<void> {
  await db.batch(
    [
      {
        sql: 'INSERT INTO dr_drills (customer_id, drilled_at, ok, infra_version, failed) VALUES (?, ?, ?, ?, ?)',
        args: [d.customerId, d.drilledAt, d.ok ? 1 : 0, d.infraVersion, JSON.stringify(d.failed)],
      },
      {
        sql: `DELETE FROM dr_drills WHERE customer_id = ? AND id NOT IN (
                SELECT id FROM dr_drills WHERE customer_id = ? ORDER BY drilled_at DESC, id DESC LIMIT ?)`,
        args: [d.customerId, d.customerId, KEEP_DRILLS],
      },
    ],
    'write',
  )
}

export async function latestDrill(db: Client, customerId: string): Promise<DrDrill | null> {
  const rs = await db.execute({
    sql: 'SELECT * FROM dr_drills WHERE customer_id = ? ORDER BY drilled_at DESC, id DESC LIMIT 1',
    args: [customerId],
  })
  const r = rs.rows[0]
  if (!r) return null
  const failed = jsonCol<unknown>(r.failed, [])
  return {
    id: Number(r.id),
    customerId,
    drilledAt: Number(r.drilled_at),
    ok: Number(r.ok) === 1,
    infraVersion: num(r.infra_version),
    failed: Array.isArray(failed)
      ? failed
          .filter((f) => f && typeof f.name === 'string')
          .map((f) => ({ name: String(f.name), problem: String(f.problem ?? '') }))
      : [],
  }
}
