import { json } from '../lib/http.js'
import type { Handler } from './types.js'

const TIMEOUT_MS = 2_000

/** 200 while the database answers; 503 (the contract's only non-error-shaped body) when it does not. */
export const healthz: Handler = async (_req, env) => {
  try {
    await Promise.race([
      env.db.execute('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), TIMEOUT_MS)),
    ])
    return json({ status: 'ok' })
  } catch (err) {
    env.log.warn('health check failed', { error: (err as Error).message })
    return json({ status: 'unavailable' }, { status: 503 })
  }
}
