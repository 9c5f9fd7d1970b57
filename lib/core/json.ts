// JSON nesting, measured without parsing. JSON.parse accepts nesting deep enough that
// JSON.stringify of the result (or any recursive walk) overflows the stack, so the body reader
// refuses it up front and the store refuses to hand such a value back (STACK.md).

/** docs/api.md §1: JSON nested deeper than this is refused. */
export const MAX_JSON_DEPTH = 64

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_ARRAY = 0x5b
const OPEN_OBJECT = 0x7b
const CLOSE_ARRAY = 0x5d
const CLOSE_OBJECT = 0x7d

/** Strings longer than this are crossed quote to quote with indexOf instead of byte by byte. */
const LONG_STRING = 64

/**
 * The byte offset of the `[` or `{` that opens level `max + 1`, or -1 when `bytes` never nests
 * deeper than `max`. One linear pass, no recursion, no parse, and it stops at the first offending
 * byte: it counts brackets outside strings, honouring backslash escapes inside them. It does not
 * validate (JSON.parse still does), so invalid JSON only has to not fool the count. Scanning UTF-8
 * bytes is exact: `"`, `\`, brackets and braces never occur inside a multi-byte character.
 *
 * Cost (node bench/json-depth.mjs on this project's machine, figures vary with load): 6-12 µs on
 * the 5 KB fixture report, a third of the JSON.parse that follows; 0.3-0.5 ms per MiB of long
 * strings (base64 in infra backups), a quarter of JSON.parse's.
 */
export function nestingBeyond(bytes: Uint8Array, max = MAX_JSON_DEPTH): number {
  let depth = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b === QUOTE) {
      const open = i
      for (i++; i < bytes.length; i++) {
        const c = bytes[i]
        if (c === BACKSLASH) i++
        else if (c === QUOTE) break
        else if (i - open > LONG_STRING) {
          i = longStringEnd(bytes, i)
          break
        }
      }
    } else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (++depth > max) return i
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
      depth--
    }
  }
  return -1
}

/**
 * The offset of the quote that ends the string `from` is inside of (not inside an escape), or the
 * length when it never ends. A quote ends the string when an even run of backslashes precedes it;
 * the run cannot reach past the opening quote.
 */
function longStringEnd(bytes: Uint8Array, from: number): number {
  let at = from - 1
  for (;;) {
    at = bytes.indexOf(QUOTE, at + 1)
    if (at === -1) return bytes.length
    let slashes = 0
    while (bytes[at - 1 - slashes] === BACKSLASH) slashes++
    if (slashes % 2 === 0) return at
  }
}

/** A path into a JSON value as the error details write it: `storage[0].mount`, `(body)` for the root. */
export function issuePath(path: PropertyKey[]): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out === '' ? String(p) : `.${String(p)}`
  }
  return out || '(body)'
}

/**
 * Where a parsed JSON value holds a NUL character (U+0000) in a string or a key: at most `max`
 * paths. The database driver ends bound text at a NUL, so such a string would be stored cut short.
 * Call it only when the text holds the escape `\u0000` (JSON has no other way to carry a NUL):
 * bodies without one cost a string search, not a walk.
 */
export function nulPaths(value: unknown, max = 20): string[] {
  const found: string[] = []
  const walk = (v: unknown, path: PropertyKey[]): void => {
    if (found.length >= max) return
    if (typeof v === 'string') {
      if (v.includes('\0')) found.push(issuePath(path))
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, i]))
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (k.includes('\0')) found.push(issuePath([...path, k]))
        walk(item, [...path, k])
      }
    }
  }
  walk(value, [])
  return found.slice(0, max)
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export type StoredJson = { ok: true; value: unknown } | { ok: false; problem: string }

/**
 * Parses JSON that the hub stored earlier, never throwing: text that is not JSON, not UTF-8, or
 * nested deeper than MAX_JSON_DEPTH (stored before the limit existed) is reported as a problem, so
 * a read route can degrade instead of failing on one bad row.
 */
export function parseStoredJson(text: string | Uint8Array): StoredJson {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text
  if (nestingBeyond(bytes) !== -1)
    return { ok: false, problem: `nested deeper than ${MAX_JSON_DEPTH} levels` }
  try {
    return { ok: true, value: JSON.parse(typeof text === 'string' ? text : decoder.decode(bytes)) }
  } catch {
    return { ok: false, problem: 'not valid JSON' }
  }
}
