// Nightly: a consistent snapshot of the embedded database on the hub's own volume, newest 7 kept.
// The work is Node-only (VACUUM INTO a file, free-space check), so it reaches us through
// env.snapshot; where there is none (workerd, a remote libSQL server) the job is a clear no-op.
import type { Env } from '../lib/core/env.js'
import { HttpError } from '../lib/core/errors.js'

export async function backupSnapshot(env: Env): Promise<{ ok: boolean } & Record<string, unknown>> {
  if (!env.snapshot)
    return { ok: true, skipped: 'no snapshot support in this runtime (the database is not a local file)' }
  try {
    return { ok: true, ...(await env.snapshot()) }
  } catch (err) {
    // A refusal (not enough free space) must fail the CronJob visibly, with its reason.
    if ((err as Error)?.name === 'SnapshotError')
      throw new HttpError(503, 'unavailable', (err as Error).message)
    throw err
  }
}
