// The shared fixtures of ../shared/fixtures, and variations of them.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url))
const read = (name: string) => readFileSync(dir + name, 'utf8')

export const fixtureReport = (): Record<string, any> => JSON.parse(read('report.json'))
export const fixtureInfraBackup = (): Record<string, any> => JSON.parse(read('infra-backup.json'))
export const fixtureTemplate = (): string => read('controller.yaml.example')

export function reportFor(customerId: string, patch: Record<string, any> = {}): Record<string, any> {
  return { ...fixtureReport(), customer_id: customerId, ...patch }
}

/** A valid event (docs/api.md §3), as a controller sends it. */
export const fixtureEvent = (customerId = 'kovacs-csalad'): Record<string, any> => ({
  customer_id: customerId,
  event_type: 'backup_failed',
  severity: 'error',
  message: 'restic: repository locked',
  details: { repo: '/mnt/hdd1/.restic', exit_code: 1 },
  occurred_at: '2026-11-29T02:00:41Z',
})

/** Valid notification preferences. */
export const fixturePreferences = (customerId = 'kovacs-csalad'): Record<string, any> => ({
  customer_id: customerId,
  email: 'kovacs@example.hu',
  enabled_events: ['backup_failed', 'node_down'],
  cooldown_hours: 6,
})

/** A valid legacy notification. */
export const fixtureNotify = (customerId = 'kovacs-csalad'): Record<string, any> => ({
  customer_id: customerId,
  subject: 'Backup failed',
  message: 'restic: repository locked',
  severity: 'error',
})

/** Every route that reads a JSON body, with a valid body for `customerId` and its success status. */
export function jsonRoutes(customerId: string) {
  return [
    { path: '/api/v1/report', body: reportFor(customerId), ok: 200 },
    { path: '/api/v1/event', body: fixtureEvent(customerId), ok: 201 },
    { path: '/api/v1/infra-backup', body: { ...fixtureInfraBackup(), customer_id: customerId }, ok: 201 },
    { path: '/api/v1/preferences', body: fixturePreferences(customerId), ok: 200 },
    { path: '/api/v1/notify', body: fixtureNotify(customerId), ok: 202 },
  ]
}
