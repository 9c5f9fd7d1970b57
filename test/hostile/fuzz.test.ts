// A seeded fuzzer over every JSON route. Bodies start as the fixtures and get mutated: types
// swapped, huge numbers, NaN-like strings, deep nesting, prototype keys, duplicate keys, bad UTF-8,
// truncation. Sent in-process through the router, each must be answered without a 5xx: a 4xx in
// the error shape that stored nothing, or the route's success status, and that only for a body that
// is valid (UTF-8 JSON object, at most 64 levels deep, accepted by the route's schema). Afterwards
// every read route of every customer the run touched still answers without a 5xx.
//
// The seed is printed; FUZZ_SEED=<seed> replays a run exactly (FUZZ_CASES changes its length).
import { afterAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { MAX_JSON_DEPTH, nestingBeyond } from '../../lib/core/json.js'
import {
  eventSchema,
  infraBackupSchema,
  notifySchema,
  preferencesSchema,
  reportSchema,
} from '../../lib/api/schemas.js'
import { dashboardEnv, getPage, signIn } from '../support/dashboard.js'
import { jsonRoutes } from '../support/fixtures.js'
import { call, callJson } from '../support/http.js'
import { rowCounts } from '../support/rows.js'

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0
const CASES = Number(process.env.FUZZ_CASES ?? 2000)

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same run. */
function prng(seed: number) {
  let a = seed
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]
  return { next, int, pick }
}
type Rng = ReturnType<typeof prng>

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Path = (string | number)[]

const ROUTES = jsonRoutes('fuzz-node').map((r) => ({
  ...r,
  limit:
    r.path === '/api/v1/report'
      ? 1024 * 1024
      : r.path === '/api/v1/infra-backup'
        ? 8 * 1024 * 1024
        : 64 * 1024,
}))
const SCHEMAS: Record<string, z.ZodType> = {
  '/api/v1/report': reportSchema,
  '/api/v1/event': eventSchema,
  '/api/v1/infra-backup': infraBackupSchema,
  '/api/v1/preferences': preferencesSchema,
  '/api/v1/notify': notifySchema,
}
const CUSTOMERS = ['fuzz-a', 'fuzz-b', 'fuzz-c']

// ---- building a mutated body --------------------------------------------------------------------

/** Raw JSON text spliced in after serializing: what JSON.stringify cannot produce. */
class Raw {
  constructor(readonly text: string) {}
}
type Tree = Json | Raw | Tree[] | { [k: string]: Tree }

function allPaths(v: Tree, path: Path = [], out: Path[] = []): Path[] {
  out.push(path)
  if (Array.isArray(v)) v.forEach((x, i) => allPaths(x, [...path, i], out))
  else if (v && typeof v === 'object' && !(v instanceof Raw))
    for (const [k, x] of Object.entries(v)) allPaths(x, [...path, k], out)
  return out
}
const objectPaths = (root: Tree) =>
  allPaths(root).filter((p) => {
    const v = at(root, p)
    return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw)
  })
/** A random path below the root (the root itself when it has no children left). */
function somePath(rng: Rng, root: Tree): Path {
  const paths = allPaths(root).slice(1)
  return paths.length > 0 ? rng.pick(paths) : []
}
const at = (root: Tree, path: Path): Tree => path.reduce<any>((v, k) => v?.[k], root)
function setAt(root: Tree, path: Path, value: Tree): Tree {
  if (path.length === 0) return value
  const parent = at(root, path.slice(0, -1)) as any
  parent[path[path.length - 1]] = value
  return root
}

const SWAPS: Json[] = [0, -1, 1.5, '', 'x', 'fuzz-a', true, false, null, [], {}, [1, 'a', null], { a: 1 }]
const HUGE = [
  '1e309',
  '-1e309',
  '1e308',
  '-1.7976931348623157e308',
  '123456789012345678901234567890',
  '9007199254740993',
  '-0',
  '5e-324',
  '1E400',
  '0.1e-400',
]
const NANLIKE = [
  'NaN',
  'Infinity',
  '-Infinity',
  'nan',
  '1e999',
  '0x1F',
  ' 42',
  '42abc',
  '٣',
  'null',
  'true',
  '\u0000',
  '\ud800',
]
const PROTO_PAIRS = [
  '"__proto__":{"fuzzPolluted":true}',
  '"constructor":{"prototype":{"fuzzPolluted":true}}',
  '"__proto__":null',
  '"prototype":{"fuzzPolluted":true}',
  '"toString":1',
  '"hasOwnProperty":"x"',
  '"valueOf":{}',
]
const BAD_UTF8 = [
  [0xff],
  [0xfe],
  [0xc3],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80],
]

/** Value-level mutations: they edit the tree; `pairs` collects raw key/value pairs to splice into objects. */
const MUTATIONS: Record<string, (rng: Rng, root: Tree, pairs: Map<Path, string[]>) => Tree> = {
  typeSwap: (rng, root) => setAt(root, rng.pick(allPaths(root)), structuredClone(rng.pick(SWAPS))),
  hugeNumber: (rng, root) => setAt(root, somePath(rng, root), new Raw(rng.pick(HUGE))),
  nanLikeString: (rng, root) => setAt(root, somePath(rng, root), rng.pick(NANLIKE)),
  deepNesting: (rng, root) => {
    const path = somePath(rng, root)
    const depth = rng.pick([1, 8, 40, 61, 62, 63, 64, 65, 66, 100, 1000, 5000])
    const [open, close] = rng.next() < 0.5 ? ['[', ']'] : ['{"k":', '}']
    return setAt(root, path, new Raw(open.repeat(depth) + 'null' + close.repeat(depth)))
  },
  prototypeKey: (rng, root, pairs) => {
    const objects = objectPaths(root)
    if (objects.length === 0) return root
    const path = rng.pick(objects)
    pairs.set(path, [...(pairs.get(path) ?? []), rng.pick(PROTO_PAIRS)])
    return root
  },
  duplicateKey: (rng, root, pairs) => {
    const objects = objectPaths(root)
    if (objects.length === 0) return root
    const path = rng.pick(objects)
    const keys = Object.keys(at(root, path) as object)
    const key = keys.length > 0 ? rng.pick(keys) : 'customer_id'
    const value = rng.pick([...SWAPS, 'fuzz-b', 'other-customer', 'ok', 'error'])
    pairs.set(path, [...(pairs.get(path) ?? []), `${JSON.stringify(key)}:${JSON.stringify(value)}`])
    return root
  },
  removeField: (rng, root) => {
    const path = somePath(rng, root)
    if (path.length === 0) return root
    const parent = at(root, path.slice(0, -1)) as any
    if (Array.isArray(parent)) parent.splice(Number(path[path.length - 1]), 1)
    else delete parent[path[path.length - 1]]
    return root
  },
  longString: (rng, root) =>
    setAt(root, somePath(rng, root), 'é🙂x'.repeat(rng.pick([1, 700, 3000, 30_000]))),
}

/** Serializes the tree, splicing in Raw values and extra raw pairs. */
function serialize(root: Tree, pairs: Map<Path, string[]>): string {
  const raws: string[] = []
  const extra = new Map<object, string[]>()
  for (const [path, list] of pairs) {
    const obj = at(root, path)
    if (obj && typeof obj === 'object') extra.set(obj, list)
  }
  const walk = (v: Tree): Json => {
    if (v instanceof Raw) {
      raws.push(v.text)
      return `@@raw${raws.length - 1}@@`
    }
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') {
      const out: Record<string, Json> = {}
      for (const [k, x] of Object.entries(v)) out[k] = walk(x)
      const list = extra.get(v)
      if (list) list.forEach((p) => (out[`@@pair${raws.push(p) - 1}@@`] = 0))
      return out
    }
    return v
  }
  return JSON.stringify(walk(root))
    .replace(/"@@pair(\d+)@@":0/g, (_, i) => raws[Number(i)])
    .replace(/"@@raw(\d+)@@"/g, (_, i) => raws[Number(i)])
}

/** Byte-level mutations of the serialized body. */
const BYTE_MUTATIONS: Record<string, (rng: Rng, b: Uint8Array) => Uint8Array<ArrayBuffer>> = {
  truncate: (rng, b) => b.slice(0, rng.int(b.length)),
  badUtf8: (rng, b) => {
    const at = rng.int(b.length)
    return new Uint8Array([...b.slice(0, at), ...rng.pick(BAD_UTF8), ...b.slice(at)])
  },
  flipByte: (rng, b) => {
    const out = b.slice()
    out[rng.int(out.length)] = rng.int(256)
    return out
  },
  trailingJunk: (rng, b) =>
    new Uint8Array([...b, ...new TextEncoder().encode(rng.pick(['}', ',', ' x', '\u0000', '{}', ']']))]),
  byteOrderMark: (_rng, b) => new Uint8Array([0xef, 0xbb, 0xbf, ...b]),
}

function mutatedBody(rng: Rng) {
  const route = rng.pick(ROUTES)
  let root: Tree = structuredClone(route.body) as Json
  ;(root as Record<string, Json>).customer_id = rng.pick(CUSTOMERS)
  const pairs = new Map<Path, string[]>()
  const applied: string[] = []
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const name = rng.pick(Object.keys(MUTATIONS))
    root = MUTATIONS[name](rng, root, pairs)
    applied.push(name)
  }
  let bytes = new TextEncoder().encode(serialize(root, pairs))
  if (rng.next() < 0.3) {
    const name = rng.pick(Object.keys(BYTE_MUTATIONS))
    bytes = BYTE_MUTATIONS[name](rng, bytes)
    applied.push(name)
  }
  return { route, bytes, applied }
}

// ---- the oracle ---------------------------------------------------------------------------------

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Whether the hub must accept `bytes` on `route`, judged apart from the hub's own reader. */
function judge(route: (typeof ROUTES)[number], bytes: Uint8Array): { valid: boolean; customerId?: string } {
  if (bytes.byteLength > route.limit) return { valid: false }
  let value: unknown
  try {
    value = JSON.parse(strictUtf8.decode(bytes))
  } catch {
    return { valid: false }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { valid: false }
  // Nesting counts in the text, not in the parsed value: a deep value overwritten by a duplicate
  // key is gone from the value but was still sent.
  if (textDepth(strictUtf8.decode(bytes)) > MAX_JSON_DEPTH) return { valid: false }
  // A NUL in any string or key of what was parsed (docs/api.md §1); JSON.stringify writes it as
  // the escape \u0000, which an even run of backslashes before it does not make literal text.
  if (/(^|[^\\])(\\\\)*\\u0000/.test(JSON.stringify(value))) return { valid: false }
  const parsed = SCHEMAS[route.path].safeParse(value)
  return parsed.success
    ? { valid: true, customerId: (value as { customer_id: string }).customer_id }
    : { valid: false }
}

/** Nesting depth of JSON text (a char-level walk over the decoded string, apart from lib/core/json.ts). */
function textDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '[' || c === '{') max = Math.max(max, ++depth)
    else if (c === ']' || c === '}') depth--
  }
  return max
}

/** Nesting depth of a parsed value, iteratively (the values here can be 5,000 deep). */
function depthOf(root: unknown): number {
  let max = 0
  const stack: [unknown, number][] = [[root, 1]]
  while (stack.length) {
    const [v, d] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    max = Math.max(max, d)
    for (const x of Object.values(v)) stack.push([x, d + 1])
  }
  return max
}

const isErrorShape = (j: any) =>
  j &&
  typeof j.error?.code === 'string' &&
  typeof j.error.message === 'string' &&
  (j.error.details === undefined || Array.isArray(j.error.details)) &&
  Object.keys(j).length === 1

// ---- the run ------------------------------------------------------------------------------------

describe(`fuzzing every JSON route (FUZZ_SEED=${SEED})`, () => {
  const touched = new Set<string>()
  const tally = { valid: 0, refused: 0 }
  afterAll(() =>
    console.log(
      `fuzz: seed ${SEED}, ${CASES} cases (${tally.valid} valid, ${tally.refused} refused); replay with FUZZ_SEED=${SEED}`,
    ),
  )

  it('never answers a mutated body with a 5xx, accepts exactly the valid ones, and every read route still answers', async () => {
    const env = await dashboardEnv()
    const rng = prng(SEED)
    const problems: string[] = []
    for (let i = 0; i < CASES && problems.length < 10; i++) {
      const { route, bytes, applied } = mutatedBody(rng)
      const verdict = judge(route, bytes)
      const before = verdict.valid ? null : await rowCounts(env)
      const res = await callJson(env, 'POST', route.path, { body: bytes })
      const sent = new TextDecoder().decode(bytes.subarray(0, 300))
      const where = `case ${i} (${applied.join(', ')}) on ${route.path}: ${res.status} ${res.text.slice(0, 160)}\n  body: ${sent}`
      if (res.status >= 500) {
        const logged = env.log.lines.filter((l) => l.includes('"unhandled error"')).pop() ?? ''
        problems.push(`5xx: ${where}\n  hub: ${logged.slice(0, 600)}`)
      } else if (verdict.valid) {
        tally.valid++
        touched.add(verdict.customerId!)
        if (res.status !== route.ok) problems.push(`valid body not accepted with ${route.ok}: ${where}`)
      } else {
        tally.refused++
        if (res.status < 400 || res.status >= 500) problems.push(`invalid body accepted: ${where}`)
        else if (!isErrorShape(res.json)) problems.push(`4xx not in the error shape: ${where}`)
        else if (/\bat .*\.[jt]s\b|node_modules/.test(res.text)) problems.push(`stack trace leaked: ${where}`)
        else if (JSON.stringify(await rowCounts(env)) !== JSON.stringify(before))
          problems.push(`refused body stored something: ${where}`)
      }
      if ((Object.prototype as Record<string, unknown>).fuzzPolluted !== undefined)
        problems.push(`Object.prototype polluted: ${where}`)
    }
    await env.settle()
    expect(problems, `FUZZ_SEED=${SEED}`).toEqual([])
    // The run exercised both sides of the oracle.
    expect(tally.valid, `FUZZ_SEED=${SEED}`).toBeGreaterThan(CASES / 20)
    expect(tally.refused, `FUZZ_SEED=${SEED}`).toBeGreaterThan(CASES / 2)

    // Then every read route of every customer the run stored something for.
    expect(touched.size).toBeGreaterThan(0)
    const session = await signIn(env)
    const failures: string[] = []
    for (const path of ['/api/v1/customers']) {
      const res = await call(env, 'GET', path)
      if (res.status >= 500) failures.push(`${path}: ${res.status}`)
    }
    for (const path of ['/', '/configs']) {
      const res = await getPage(env, path, session)
      if (res.status !== 200) failures.push(`${path}: ${res.status}`)
    }
    for (const id of touched) {
      for (const path of [
        `/api/v1/customers/${id}`,
        `/api/v1/customers/${id}/history?period=1d`,
        `/api/v1/infra-backup/${id}`,
      ]) {
        const res = await call(env, 'GET', path)
        if (res.status >= 500) failures.push(`${path}: ${res.status}`)
      }
      const page = await getPage(env, `/customers/${id}`, session)
      if (page.status >= 500) failures.push(`/customers/${id}: ${page.status}`)
    }
    expect(failures, `FUZZ_SEED=${SEED}`).toEqual([])
  })
})

describe('the fuzzer itself', () => {
  it('replays: the same seed gives the same bodies', () => {
    const a = prng(42)
    const b = prng(42)
    for (let i = 0; i < 20; i++) expect(mutatedBody(a).bytes).toEqual(mutatedBody(b).bytes)
  })

  it('judges deep nesting by the same 64-level limit as the hub', () => {
    const nested = (n: number) => `{"a":${'['.repeat(n - 1)}"]]\\\\"${']'.repeat(n - 1)}}`
    for (const n of [1, 64, 65, 5000]) {
      const text = nested(n)
      expect(textDepth(text)).toBe(n)
      expect(nestingBeyond(new TextEncoder().encode(text)) === -1).toBe(n <= MAX_JSON_DEPTH)
      expect(depthOf(JSON.parse(text))).toBe(n)
    }
  })
})
