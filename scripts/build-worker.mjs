// Bundles worker/index.ts into one ES module for workerd: browser platform and the workerd export
// conditions, so @libsql/client resolves to its web build and nothing needs nodejs_compat.
// Usage: node scripts/build-worker.mjs [outfile]   (default dist/workerd/index.js; not dist/worker/,
// where npm run build's file-by-file esbuild puts the unbundled worker/index.ts)
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const NODE_HINT = 'the Worker must not import Node modules (move that code to lib/node/ or bin/)'

export async function buildWorker(outfile = `${root}dist/workerd/index.js`) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['worker/index.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    tsconfig: 'tsconfig.json',
    minify: false,
    sourcemap: false,
    metafile: true,
    logLevel: 'silent',
  }).catch((err) => {
    // On the browser platform a node:* import does not resolve; say where such code belongs.
    if (/Could not resolve "node:/.test(err.message)) err.message += `\n${NODE_HINT}`
    throw err
  })
  // An import left external would only fail later, when workerd loads the module; name it here.
  const nodeImports = Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
    input.imports
      .filter((i) => i.path.startsWith('node:') || i.external)
      .map((i) => `${file} imports ${i.path}`),
  )
  if (nodeImports.length > 0) {
    throw new Error(`${NODE_HINT}:\n  ${nodeImports.join('\n  ')}`)
  }
  return { outfile, metafile: result.metafile }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outfile, metafile } = await buildWorker(process.argv[2])
  const bytes = Object.values(metafile.outputs).reduce((n, o) => n + o.bytes, 0)
  console.log(`built ${outfile} (${Math.round(bytes / 1024)} KiB)`)
}
