// Disaster-recovery readiness: could this household be rebuilt today if its system disk died?
//
//   not ready  the latest infra backup is missing, cannot be decrypted, or lacks what a restore
//              uses (lib/dr/checks.ts): a rebuild would fail;
//   at risk    a rebuild would work but be out of date: the infra backup is older than 7 days, or
//              the last backup or cross-drive copy missed its deadline (the backup-deadline rule:
//              completed since local midnight of the day last judged at 05:00), or backups are off;
//   ready      none of that.
//
// The assessment is stored per customer (the fleet and detail pages read it) and refreshed by the
// daily household-checks job, after each infra backup push, each completed backup or cross-drive
// copy, and each restore drill. A customer that leaves `ready` gets one dr_not_ready hub event per
// transition: the level changes compare-and-set, and only the run whose change landed records it.
import type { Env } from '../core/env.js'
import { errorFields } from '../core/log.js'
import { recordHubEvent } from '../events/record.js'
import { HUB_EVENT_SEVERITY } from '../events/types.js'
import { lastBackupDeadline } from '../jobs/backup-deadline.js'
import { latestReport } from '../reports/summaries.js'
import { getCustomer, type Customer } from '../store/customers.js'
import { casDrState, drStateOf, type DrLevel, type DrState } from '../store/dr.js'
import { hasEventSince } from '../store/events.js'
import { latestInfraBackup } from '../store/infra-backups.js'
import { CHECK_LABEL, restoreChecks, type CheckResult } from './checks.js'

const DAY = 86_400_000
/** An infra backup older than this no longer describes the household well enough. */
export const INFRA_FRESH_DAYS = 7

export const DR_LABEL: Record<DrLevel, string> = {
  ready: 'ready',
  at_risk: 'at risk',
  not_ready: 'not ready',
}

export interface DrAssessment {
  level: DrLevel
  reasons: string[]
  infraVersion: number | null
}

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})

/** Whether the node makes cross-drive copies, by its latest report. */
export function crossdriveExpected(report: Obj | null): boolean {
  const b = obj(report?.backups)
  if (typeof b.crossdrive_enabled === 'boolean') return b.crossdrive_enabled
  return typeof b.last_crossdrive_at === 'string'
}

/** The latest infra backup, decrypted in memory, and what the restore checks say of it. */
export async function checkLatestInfraBackup(
  env: Env,
  c: Customer,
  crossdrive: boolean,
): Promise<{ version: number | null; receivedAt: number | null; checks: CheckResult[] }> {
  const backup = await latestInfraBackup(env.db, env.secrets, c.customerId)
  if (!backup) return { version: null, receivedAt: null, checks: [] }
  const checks: CheckResult[] = backup.payload
    ? restoreChecks(c.customerId, backup.payload, { crossdrive })
    : [{ name: 'decrypts', ok: false, problem: backup.problem }]
  return { version: backup.version, receivedAt: backup.receivedAt, checks }
}

export async function assessDr(env: Env, c: Customer): Promise<DrAssessment> {
  const now = env.clock.now().getTime()
  const report = (await latestReport(env, c))?.report ?? null
  const crossdrive = crossdriveExpected(report)
  const notReady: string[] = []
  const atRisk: string[] = []

  // 1. The infra backup: there, readable, complete, fresh.
  const infra = await checkLatestInfraBackup(env, c, crossdrive)
  if (infra.version === null) notReady.push('no infra backup has been received')
  for (const check of infra.checks.filter((x) => !x.ok)) {
    notReady.push(
      check.name === 'decrypts'
        ? `the latest infra backup (version ${infra.version}) cannot be used: ${check.problem}`
        : `the latest infra backup (version ${infra.version}) fails the restore check "${CHECK_LABEL[check.name]}": ${check.problem}`,
    )
  }
  if (infra.receivedAt !== null && now - infra.receivedAt > INFRA_FRESH_DAYS * DAY) {
    const days = Math.floor((now - infra.receivedAt) / DAY)
    atRisk.push(`the latest infra backup is ${days} days old (more than ${INFRA_FRESH_DAYS})`)
  }

  // 2. The data backups, by the backup-deadline rule.
  const day = lastBackupDeadline(env.config, env.clock.now())
  const missed = async (type: string) => !(await hasEventSince(env.db, c.customerId, [type], day.since))
  if (c.backupEnabled === false) atRisk.push('backups are switched off on the controller')
  else if (c.backupEnabled === true && (await missed('backup_completed')))
    atRisk.push(`no backup completed on ${day.date} by 05:00 (Budapest)`)
  if (crossdrive && (await missed('crossdrive_backup_completed')))
    atRisk.push(`no cross-drive copy completed on ${day.date} by 05:00 (Budapest)`)

  const level: DrLevel = notReady.length > 0 ? 'not_ready' : atRisk.length > 0 ? 'at_risk' : 'ready'
  return { level, reasons: [...notReady, ...atRisk], infraVersion: infra.version }
}

export interface DrRefresh {
  state: DrState
  /** It left `ready` with this assessment, and this run recorded the event. */
  announced: boolean
}

/** Assesses the customer now, stores it, and announces a customer that stopped being ready. */
export async function refreshDrReadiness(env: Env, c: Customer): Promise<DrRefresh> {
  const now = env.clock.now().getTime()
  const assessment = await assessDr(env, c)
  const prev = await drStateOf(env.db, c.customerId)
  const next = { customerId: c.customerId, ...assessment, checkedAt: now }
  const landed = await casDrState(env.db, prev?.level ?? null, next)
  const changedAt = prev && prev.level === next.level ? prev.changedAt : now
  const state: DrState = { ...next, changedAt }
  if (!landed) return { state: (await drStateOf(env.db, c.customerId)) ?? state, announced: false }
  if (prev?.level !== 'ready' || next.level === 'ready') return { state, announced: false }
  const name = c.displayName || c.hostname || c.customerId
  try {
    const event = await recordHubEvent(env, {
      customerId: c.customerId,
      eventType: 'dr_not_ready',
      severity: HUB_EVENT_SEVERITY.dr_not_ready,
      message: `${name} is no longer ready for a restore (${DR_LABEL[next.level]}): ${next.reasons.join('; ')}`,
      details: { level: next.level, reasons: next.reasons, infra_version: next.infraVersion },
      dedupeKey: `dr_not_ready:${c.customerId}:${now}`,
    })
    return { state, announced: event !== null }
  } catch (err) {
    // Put `ready` back, so the next assessment sees the transition again and records it.
    await casDrState(env.db, next.level, { ...prev, checkedAt: prev.checkedAt }).catch(() => {})
    throw err
  }
}

/** What can make a customer ready again: a fresh infra backup, a completed backup or copy. */
export const DR_REFRESHING_EVENTS = new Set(['backup_completed', 'crossdrive_backup_completed'])

/**
 * Re-assesses one customer after the response (an infra backup arrived, a backup completed), so
 * the badge does not wait for the next morning. Never fails the request that triggered it.
 */
export function refreshDrReadinessLater(env: Env, customerId: string): void {
  env.defer(
    (async () => {
      const c = await getCustomer(env.db, customerId)
      if (c && !c.blocked && c.lastReportAt !== null) await refreshDrReadiness(env, c)
    })().catch((err) =>
      env.log.error('DR readiness refresh failed', { customer_id: customerId, ...errorFields(err) }),
    ),
  )
}
