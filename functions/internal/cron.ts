// POST /internal/cron/{job} (docs/api.md §4, §9): runs the job's due slot unless it already ran, or
// `tick` (whatever is due), behind the cron token; `?force=true` runs the job anyway. Synchronous,
// so a job that throws is a 500 the CronJob sees.
import { bearerMatches } from '../../lib/auth/api-key.js'
import { badRequest, forbidden, notFound, unauthorized } from '../../lib/core/errors.js'
import { json, readBody } from '../../lib/core/http.js'
import { isJobName } from '../../lib/jobs/schedule.js'
import type { Env } from '../../lib/core/env.js'
import { runDirect } from '../../scheduled/index.js'
import { runTick } from '../../scheduled/tick.js'
import type { Handler } from '../types.js'

/**
 * An empty server.cron_token disables the internal routes: every call is 403 (not 401), since no
 * credential could ever succeed and the operator should look at the configuration, not the token.
 * A missing or wrong token is 401. Digests are compared, in constant time.
 */
async function requireCronToken(req: Request, env: Env): Promise<void> {
  const configured = env.config.server.cron_token
  if (configured === '') throw forbidden('internal routes are disabled: server.cron_token is empty')
  if (!(await bearerMatches(env, req, configured))) throw unauthorized('missing or wrong cron token')
}

export const postCron: Handler = async (req, env) => {
  await requireCronToken(req, env)
  // No body is used, but one is read within the limit: an oversized one is 413 before any job runs.
  await readBody(req, req.bodyLimit)
  const job = String(req.params.job ?? '')
  if (job === 'tick') return json(await runTick(env))
  if (!isJobName(job)) throw notFound(`job "${job.slice(0, 64)}"`)
  const result = await runDirect(env, job, { force: parseForce(req.query.force) })
  return json({ job, ...result })
}

function parseForce(value: string | string[] | undefined): boolean {
  if (value === undefined || value === 'false') return false
  if (value === 'true') return true
  throw badRequest('force must be true or false', [{ path: 'force', message: 'expected true or false' }])
}
