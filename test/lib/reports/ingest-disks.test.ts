// The Node entry remembers, per customer, the hour it last sent disk readings to the store: a
// later report of the same hour carries none (disk_usage would ignore them), so its group is
// spared the statement.
import { describe, expect, it } from 'vitest'
import { reportSchema } from '../../../lib/api/schemas.js'
import { fixedClock } from '../../../lib/core/clock.js'
import { ingestReport } from '../../../lib/reports/ingest.js'
import type { ReportRow } from '../../../lib/store/reports.js'
import { testEnv } from '../../support/env.js'
import { reportFor } from '../../support/fixtures.js'

const T0 = Date.parse('2026-11-29T04:00:00Z')

describe('ingestReport and disk readings', () => {
  it('sends a customer’s disk readings once an hour when the process remembers the hour', async () => {
    const env = await testEnv({ clock: fixedClock(T0) })
    const rows: ReportRow[] = []
    env.reports = { submit: async (row) => void rows.push(row) }
    env.diskUsageHours = new Map()
    const ingest = async (customerId: string, at: number) => {
      env.clock.set(at)
      const report = reportFor(customerId)
      await ingestReport(env, reportSchema.parse(report), new TextEncoder().encode(JSON.stringify(report)))
    }
    await ingest('kovacs-csalad', T0 + 1_000)
    await ingest('kovacs-csalad', T0 + 15 * 60_000)
    await ingest('nagy-csalad', T0 + 16 * 60_000)
    await ingest('kovacs-csalad', T0 + 61 * 60_000)
    expect(rows.map((r) => [r.customerId, r.disks?.length ?? 0])).toEqual([
      ['kovacs-csalad', 3],
      ['kovacs-csalad', 0],
      ['nagy-csalad', 3],
      ['kovacs-csalad', 3],
    ])
  })

  it('sends them with every report without that memory (the Worker, and tests)', async () => {
    const env = await testEnv({ clock: fixedClock(T0) })
    const rows: ReportRow[] = []
    env.reports = { submit: async (row) => void rows.push(row) }
    const report = reportFor('kovacs-csalad')
    for (let i = 0; i < 2; i++) {
      await ingestReport(env, reportSchema.parse(report), new TextEncoder().encode(JSON.stringify(report)))
    }
    expect(rows.map((r) => r.disks?.length)).toEqual([3, 3])
  })
})
