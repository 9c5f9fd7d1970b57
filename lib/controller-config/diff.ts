// Show Diff: what differs between the config the hub would generate and the controller's live one,
// by value (key order, comments and quoting style do not count), one row per dotted path.
import { isMap, parseDocument } from 'yaml'

export interface DiffRow {
  path: string
  kind: 'only_hub' | 'only_controller' | 'changed'
  /** The hub's value as JSON ('••••••' for a secret); absent for 'only_controller'. */
  hub?: string
  /** The controller's value as JSON ('••••••' for a secret); absent for 'only_hub'. */
  live?: string
  secret: boolean
}

export const MASK = '••••••'

const SECRET_PATHS = new Set(['hub.api_key', 'server.session_secret', 'tunnel.token', 'registry.token'])
const SECRET_NAME = /password|secret|token|api_?key/i

/** Paths written by whoever produced the file, not configuration. */
const isVolatile = (path: string) => path === 'meta' || path.startsWith('meta.')

export const isSecretPath = (path: string) =>
  SECRET_PATHS.has(path) || SECRET_NAME.test(path.slice(path.lastIndexOf('.') + 1))

/** Rows sorted by path. Throws an Error naming the side when either text is not a YAML mapping. */
export function diffConfigs(hubYaml: string, liveYaml: string): DiffRow[] {
  const hub = flatten(parseConfig(hubYaml, "the hub's config"))
  const live = flatten(parseConfig(liveYaml, "the controller's config"))
  const rows: DiffRow[] = []
  for (const path of new Set([...hub.keys(), ...live.keys()])) {
    if (isVolatile(path)) continue
    const secret = isSecretPath(path)
    const h = hub.get(path)
    const l = live.get(path)
    const show = (v: unknown) => (v === undefined ? undefined : secret ? MASK : JSON.stringify(maskNested(v)))
    if (!live.has(path)) rows.push({ path, kind: 'only_hub', hub: show(h), secret })
    else if (!hub.has(path)) rows.push({ path, kind: 'only_controller', live: show(l), secret })
    else if (canonical(h) !== canonical(l))
      rows.push({ path, kind: 'changed', hub: show(h), live: show(l), secret })
  }
  return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/** The plain value of a YAML config; an empty document is an empty config. */
export function parseConfig(text: string, what: string): Record<string, unknown> {
  const doc = parseDocument(text)
  if (doc.errors.length > 0)
    throw new Error(`${what} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`)
  if (doc.contents === null) return {}
  if (!isMap(doc.contents)) throw new Error(`${what} is not a mapping of sections`)
  try {
    return doc.toJS() as Record<string, unknown>
  } catch (err) {
    // e.g. an alias bomb: yaml refuses to expand it
    throw new Error(`${what} cannot be read: ${(err as Error).message}`)
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/** Equal as config values: same scalars, same arrays, maps equal whatever their key order. */
export const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b)

/**
 * Leaves by dotted path. Maps are walked; arrays, scalars and null are leaves; an empty map is a
 * leaf too, so `x: {}` against a missing `x` still shows.
 */
function flatten(
  value: Record<string, unknown>,
  prefix = '',
  out = new Map<string, unknown>(),
): Map<string, unknown> {
  for (const [k, v] of Object.entries(value)) {
    const path = prefix === '' ? k : `${prefix}.${k}`
    if (isObject(v) && Object.keys(v).length > 0) flatten(v, path, out)
    else out.set(path, v)
  }
  return out
}

/** JSON with sorted keys, so maps inside arrays compare regardless of key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

/** Secret-named keys inside arrays (shown as whole JSON values) are masked too. */
function maskNested(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(maskNested)
  if (isObject(v))
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, SECRET_NAME.test(k) ? MASK : maskNested(x)]),
    )
  return v
}
