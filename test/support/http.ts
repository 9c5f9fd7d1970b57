// In-process requests against the route table.
import { router } from '../../functions/routes.js'
import type { Env } from '../../lib/core/env.js'
import { GLOBAL_KEY } from './env.js'

export interface CallOptions {
  key?: string | null
  body?: unknown
  headers?: Record<string, string>
}

export async function call(
  env: Env,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers }
  const key = opts.key === undefined ? GLOBAL_KEY : opts.key
  if (key !== null) headers.Authorization = `Bearer ${key}`
  let body: BodyInit | undefined
  if (opts.body !== undefined) {
    body =
      typeof opts.body === 'string' || opts.body instanceof Uint8Array
        ? (opts.body as BodyInit)
        : JSON.stringify(opts.body)
    headers['Content-Type'] ??= 'application/json'
  }
  return router.fetch(new Request(`http://hub.test${path}`, { method, headers, body }), env)
}

export async function callJson(env: Env, method: string, path: string, opts: CallOptions = {}) {
  const res = await call(env, method, path, opts)
  const text = await res.text()
  let json: any
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, json, text }
}
