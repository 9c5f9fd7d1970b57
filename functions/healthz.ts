import { json } from '../lib/core/http.js'
import { HUB_VERSION } from '../lib/core/version.js'
import type { Handler } from './types.js'

const TIMEOUT_MS = 2_000

/**
 * 200 while the database answers, with the release (a rollout can be checked from outside:
 * `curl …/healthz`); 503 when the database fails or does not answer within 2 s.
 */
export const getHealthz: Handler = async (_req, env) => {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await Promise.race([
      env.db.execute('SELECT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('database did not answer within 2 s')), TIMEOUT_MS)
      }),
    ])
    return json({ status: 'ok', version: HUB_VERSION })
  } catch (err) {
    env.log.warn('health check failed', { error: (err as Error).message })
    return json({ status: 'unavailable' }, { status: 503 })
  } finally {
    clearTimeout(timer)
  }
}
