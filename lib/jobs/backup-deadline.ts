// The backup deadline rule, shared by the backup-deadline job and DR readiness: by 05:00
// Europe/Budapest a node must have completed its backup (database dump, cross-drive copy) since
// local midnight. The day judged is the one of the latest 05:00 at or before now, so before 05:00
// the previous day still counts.
import type { HubConfig } from '../core/config.js'
import { budapestDate, budapestMidnight, jobSchedules, latestSlot } from './schedule.js'

export interface DeadlineDay {
  /** The Budapest date judged (YYYY-MM-DD). */
  date: string
  /** Its local midnight (ms): completions from then on count. */
  since: number
  /** Its 05:00 (ms). */
  deadline: number
}

export function lastBackupDeadline(config: HubConfig, now: Date): DeadlineDay {
  const deadline = new Date(latestSlot(jobSchedules(config)['backup-deadline'], now)!)
  return {
    date: budapestDate(deadline),
    since: budapestMidnight(deadline).getTime(),
    deadline: deadline.getTime(),
  }
}
