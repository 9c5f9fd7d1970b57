import { authenticateApiKey } from '../../lib/auth/api-key.js'
import type { Handler } from '../types.js'

/** Route middleware: every /api/v1 route but config retrieval needs a Bearer key. */
export const requireApiKey: Handler = async (req, env) => {
  req.auth = await authenticateApiKey(env, req)
  return undefined
}
