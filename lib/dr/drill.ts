// The restore drill: the operator's "would a restore work right now?" for one customer. The latest
// infra backup is decrypted in memory only and checked field by field against what a fresh
// controller needs (lib/dr/checks.ts); the outcome is recorded with the failed checks by name and
// in fixed words, never a value from the payload. The readiness badge is refreshed afterwards.
import type { Env } from '../core/env.js'
import { latestReport } from '../reports/summaries.js'
import type { Customer } from '../store/customers.js'
import { recordDrill, type DrDrill } from '../store/dr.js'
import { checkLatestInfraBackup, crossdriveExpected, refreshDrReadiness } from './readiness.js'

export async function runRestoreDrill(env: Env, c: Customer): Promise<Omit<DrDrill, 'id'>> {
  const report = (await latestReport(env, c))?.report ?? null
  const infra = await checkLatestInfraBackup(env, c, crossdriveExpected(report))
  const failed =
    infra.version === null
      ? [{ name: 'infra_backup', problem: 'no infra backup has been received' }]
      : infra.checks.filter((x) => !x.ok).map((x) => ({ name: x.name, problem: x.problem ?? '' }))
  const drill = {
    customerId: c.customerId,
    drilledAt: env.clock.now().getTime(),
    ok: failed.length === 0,
    infraVersion: infra.version,
    failed,
  }
  await recordDrill(env.db, drill)
  env.log.info('restore drill', {
    customer_id: c.customerId,
    ok: drill.ok,
    infra_version: drill.infraVersion,
    failed: failed.map((f) => f.name),
  })
  await refreshDrReadiness(env, c)
  return drill
}
