// The house's shape, checked from the source: imports run downward only (entries → functions →
// pages and scheduled → lib → lib/store → lib/core), there is no import cycle, and only bin/ and
// lib/node/ use Node-only modules, so everything else also runs in workerd. Type-only imports carry
// nothing at run time and are exempt from the layering (not from the Node rule).
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SOURCES = ['bin', 'worker', 'functions', 'pages', 'scheduled', 'lib']

interface Import {
  from: string
  spec: string
  typeOnly: boolean
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) ? [path] : []
  })
}

const FILES = SOURCES.flatMap(sourceFiles)

/** Every static import and re-export of a file, and whether it is type-only (TypeScript's parser). */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022)
  const out: Import[] = []
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause
      const named = clause?.namedBindings
      // `import { type A, type B } from …` is as type-only as `import type { A, B } from …`.
      const allTypes =
        clause !== undefined &&
        !clause.name &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly)
      out.push({
        from: file,
        spec: st.moduleSpecifier.text,
        typeOnly: Boolean(clause?.isTypeOnly) || allTypes,
      })
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      out.push({ from: file, spec: st.moduleSpecifier.text, typeOnly: st.isTypeOnly })
    }
  }
  return out
}

/** The source file a relative import names, or null for a package. */
function target(imp: Import): string | null {
  if (!imp.spec.startsWith('.')) return null
  const base = normalize(join(dirname(imp.from), imp.spec)).replace(/\.js$/, '')
  const found = [`${base}.ts`, `${base}.tsx`].find((f) => FILES.includes(f))
  if (!found) throw new Error(`${imp.from} imports ${imp.spec}, which is not a source file`)
  return found
}

/** The layer of a file: lower numbers may import higher ones, never the reverse. */
function layer(file: string): { rank: number; name: string } {
  if (file.startsWith('bin/') || file.startsWith('worker/')) return { rank: 0, name: 'entries' }
  if (file.startsWith('functions/')) return { rank: 1, name: 'functions' }
  if (file.startsWith('pages/')) return { rank: 2, name: 'pages' }
  if (file.startsWith('scheduled/')) return { rank: 2, name: 'scheduled' }
  if (file.startsWith('lib/store/')) return { rank: 4, name: 'lib/store' }
  if (file.startsWith('lib/core/')) return { rank: 5, name: 'lib/core' }
  return { rank: 3, name: 'lib' }
}

const NODE_ONLY = /^(node:|undici$|libsql$|prom-client$|@whatwg-node\/server$|@libsql\/client$)/
const mayUseNode = (file: string) => file.startsWith('bin/') || file.startsWith('lib/node/')

const ALL = FILES.flatMap(importsOf)

describe('the source tree', () => {
  it('finds the sources it checks', () => {
    expect(FILES.length).toBeGreaterThan(100)
    expect(ALL.length).toBeGreaterThan(400)
  })

  it('has imports that only run downward: entries → functions → pages, scheduled → lib → store → core', () => {
    const upward = ALL.filter((i) => !i.typeOnly)
      .map((i) => ({ i, to: target(i) }))
      .filter(({ i, to }) => {
        if (!to) return false
        const a = layer(i.from)
        const b = layer(to)
        // pages and scheduled share a rank but not a column: neither uses the other.
        return b.rank < a.rank || (b.rank === a.rank && a.rank === 2 && a.name !== b.name)
      })
      .map(({ i, to }) => `${i.from} (${layer(i.from).name}) imports ${to} (${layer(to!).name})`)
    expect(upward).toEqual([])
  })

  it('has no import cycle', () => {
    const edges = new Map<string, string[]>()
    for (const i of ALL) {
      const to = !i.typeOnly && target(i)
      if (to) edges.set(i.from, [...(edges.get(i.from) ?? []), to])
    }
    const cycles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '))
        return
      }
      state.set(file, 'open')
      for (const next of edges.get(file) ?? []) visit(next, [...path, file])
      state.set(file, 'done')
    }
    for (const f of FILES) visit(f, [])
    expect(cycles).toEqual([])
  })

  it('uses Node-only modules in bin/ and lib/node/ only, so the rest runs in workerd', () => {
    const offending = ALL.filter((i) => NODE_ONLY.test(i.spec) && !i.typeOnly && !mayUseNode(i.from)).map(
      (i) => `${i.from} imports ${i.spec}`,
    )
    expect(offending).toEqual([])
  })

  // The dashboard is imported on its first request (functions/routes.ts `lazily`): a static import
  // path from the Node entry to a page or to Preact would load them at start, for every hub, and
  // cost the idle memory the README's "Memory" section measures.
  it('loads no page and no Preact at start: the dashboard comes in by dynamic import', () => {
    const reached = new Set<string>()
    const packages = new Set<string>()
    const visit = (file: string) => {
      if (reached.has(file)) return
      reached.add(file)
      for (const i of ALL.filter((x) => x.from === file && !x.typeOnly)) {
        const to = target(i)
        if (to) visit(to)
        else packages.add(i.spec.split('/')[0])
      }
    }
    visit('bin/server.ts')
    expect(reached.has('functions/routes.ts')).toBe(true)
    expect([...reached].filter((f) => f.startsWith('pages/'))).toEqual([])
    expect([...packages].filter((p) => p.startsWith('preact'))).toEqual([])
  })

  it('keeps lib/ grouped by domain: no loose files at its top level', () => {
    const loose = readdirSync(join(ROOT, 'lib')).filter((n) => statSync(join(ROOT, 'lib', n)).isFile())
    expect(loose).toEqual([])
  })

  it('mirrors lib/ in test/lib/: every test of a lib module sits in its module’s folder', () => {
    const tests = sourceFiles('test/lib').filter((f) => f.endsWith('.test.ts'))
    const misplaced = tests.filter((t) => {
      const folder = relative('test/lib', dirname(t))
      return folder !== '' && !statSync(join(ROOT, 'lib', folder), { throwIfNoEntry: false })?.isDirectory()
    })
    expect(misplaced).toEqual([])
  })
})
