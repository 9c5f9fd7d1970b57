// npm run build: transpiles the Node hub's TypeScript to dist/ with esbuild, file by file (the
// layout and the .js import paths stay as they are). Types are checked by `npm run typecheck`,
// not here: `npm start` then builds in well under a second instead of ~10 s of tsc.
import { readdirSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const SOURCES = ['bin', 'functions', 'lib', 'pages', 'scheduled', 'worker']

function sources(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : []
  })
}

const entryPoints = SOURCES.flatMap(sources)
rmSync(join(root, 'dist'), { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints,
  outdir: 'dist',
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: true,
  logLevel: 'warning',
})
console.log(
  `built ${entryPoints.length} files into ${relative(process.cwd(), join(root, 'dist')) || 'dist'}/`,
)
