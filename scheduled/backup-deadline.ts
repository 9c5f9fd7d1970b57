// 05:00 Europe/Budapest: a node whose latest report says backups (or database dumps) are enabled
// must have sent backup_completed (dbdump_completed) since local midnight.
//
// The day judged is the one of the latest 05:00 deadline at or before now, not "today": a run fired
// by hand at 03:00, or a tick catching up after downtime, never judges a day whose deadline has not
// passed yet. The dedupe key carries that Budapest date, so a day gets at most one missed event per
// customer and kind however often the job runs.
import type { Env } from '../lib/core/env.js'
import { recordHubEvent } from '../lib/events/record.js'
import { HUB_EVENT_SEVERITY } from '../lib/events/types.js'
import { lastBackupDeadline } from '../lib/jobs/backup-deadline.js'
import { listCustomers, type Customer } from '../lib/store/customers.js'
import { hasEventSince } from '../lib/store/events.js'

export type BackupDeadlineSummary = {
  ok: true
  date: string
  checked: number
  backup_missed: number
  dbdump_missed: number
}

const KINDS = [
  {
    type: 'expected_backup_missed',
    done: 'backup_completed',
    enabled: (c: Customer) => c.backupEnabled === true,
    label: 'backup',
    count: 'backup_missed',
  },
  {
    type: 'expected_dbdump_missed',
    done: 'dbdump_completed',
    enabled: (c: Customer) => c.dbdumpEnabled === true,
    label: 'database dump',
    count: 'dbdump_missed',
  },
] as const

export async function checkBackupDeadline(env: Env): Promise<BackupDeadlineSummary> {
  const { date, since } = lastBackupDeadline(env.config, env.clock.now())
  const customers = (await listCustomers(env.db)).filter((c) => !c.blocked && c.lastReportAt !== null)
  const summary: BackupDeadlineSummary = {
    ok: true,
    date,
    checked: customers.length,
    backup_missed: 0,
    dbdump_missed: 0,
  }

  for (const c of customers) {
    const name = c.displayName || c.hostname || c.customerId
    for (const kind of KINDS) {
      if (!kind.enabled(c)) continue
      if (await hasEventSince(env.db, c.customerId, [kind.done], since)) continue
      const event = await recordHubEvent(env, {
        customerId: c.customerId,
        eventType: kind.type,
        severity: HUB_EVENT_SEVERITY[kind.type],
        message: `No ${kind.label} of ${name} completed on ${date} by 05:00 (Budapest)`,
        details: { date },
        dedupeKey: `${kind.type}:${c.customerId}:${date}`,
      })
      if (event) summary[kind.count] += 1
    }
  }
  return summary
}
