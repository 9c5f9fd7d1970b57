// Applies numbered, forward-only migrations at start and in test setup. Safe to run from two
// processes at once (the hub and `npm run customer`): each migration is one write transaction,
// and one that lost the race is found applied on the re-read.
import type { Client } from '@libsql/client'
import initial from './migrations/0001_initial.js'
import notificationOutbox from './migrations/0003_notification_outbox.js'
import reportIngestView from './migrations/0008_report_ingest_view.js'
import idempotencyKeys from './migrations/0009_idempotency_keys.js'
import ingestInTypescript from './migrations/0010_ingest_in_typescript.js'
import fleetEvents from './migrations/0011_fleet_events.js'
import notificationFanout from './migrations/0020_notification_fanout.js'
import maintenanceWindows from './migrations/0021_maintenance_windows.js'
import stateChanges from './migrations/0022_state_changes.js'
import acknowledgements from './migrations/0023_acknowledgements.js'
import rollouts from './migrations/0030_rollouts.js'
import queuedActions from './migrations/0031_queued_actions.js'
import configDrift from './migrations/0032_config_drift.js'
import signIn from './migrations/0040_sign_in.js'
import diskUsage from './migrations/0050_disk_usage.js'
import drReadiness from './migrations/0051_dr_readiness.js'
import monthlyReports from './migrations/0052_monthly_reports.js'
import samplesHourly from './migrations/0060_samples_hourly.js'
import reportCodec from './migrations/0061_report_codec.js'
import volumeReadings from './migrations/0062_volume_readings.js'

export const MIGRATIONS: { id: number; name: string; statements: string[] }[] = [
  { id: 1, name: '0001_initial', statements: initial },
  { id: 3, name: '0003_notification_outbox', statements: notificationOutbox },
  { id: 8, name: '0008_report_ingest_view', statements: reportIngestView },
  { id: 9, name: '0009_idempotency_keys', statements: idempotencyKeys },
  { id: 10, name: '0010_ingest_in_typescript', statements: ingestInTypescript },
  { id: 11, name: '0011_fleet_events', statements: fleetEvents },
  { id: 20, name: '0020_notification_fanout', statements: notificationFanout },
  { id: 21, name: '0021_maintenance_windows', statements: maintenanceWindows },
  { id: 22, name: '0022_state_changes', statements: stateChanges },
  { id: 23, name: '0023_acknowledgements', statements: acknowledgements },
  { id: 30, name: '0030_rollouts', statements: rollouts },
  { id: 31, name: '0031_queued_actions', statements: queuedActions },
  { id: 32, name: '0032_config_drift', statements: configDrift },
  { id: 40, name: '0040_sign_in', statements: signIn },
  { id: 50, name: '0050_disk_usage', statements: diskUsage },
  { id: 51, name: '0051_dr_readiness', statements: drReadiness },
  { id: 52, name: '0052_monthly_reports', statements: monthlyReports },
  { id: 60, name: '0060_samples_hourly', statements: samplesHourly },
  { id: 61, name: '0061_report_codec', statements: reportCodec },
  { id: 62, name: '0062_volume_readings', statements: volumeReadings },
]

export async function migrate(db: Client, now = Date.now()): Promise<string[]> {
  await db.execute(
    `CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
  )
  const applied: string[] = []
  for (const m of MIGRATIONS) {
    if (await isApplied(db, m.id)) continue
    try {
      await db.batch(
        [
          ...m.statements,
          {
            sql: 'INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)',
            args: [m.id, m.name, now],
          },
        ],
        'write',
      )
      applied.push(m.name)
    } catch (err) {
      if (await isApplied(db, m.id)) continue // another process got there first
      throw err
    }
  }
  return applied
}

async function isApplied(db: Client, id: number): Promise<boolean> {
  const rs = await db.execute({ sql: 'SELECT 1 FROM schema_migrations WHERE id = ?', args: [id] })
  return rs.rows.length > 0
}
