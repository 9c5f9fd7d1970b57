// Starts the real Node entry (bin/server.ts through tsx, or the dist/ build as `npm start` runs it)
// as a child process on 127.0.0.1.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// tsx's loader by absolute URL: the children run in temp directories without node_modules.
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href
// ...and the project's tsconfig by path, which they cannot find from there either: without its
// `jsxImportSource`, tsx compiles the dashboard's JSX for React and every page is a 500.
const TSCONFIG = join(ROOT, 'tsconfig.json')

export interface HubProcess {
  child: ChildProcess
  url: string
  dataDir: string
  output: () => string
  exited: Promise<number | null>
  /** Resolves with the first match of `pattern` in the output, as soon as it appears. */
  waitForOutput: (pattern: RegExp) => Promise<RegExpExecArray>
}

/**
 * How `npm start` runs the built hub, read from package.json's start script
 * (`VAR=value … node <flags> dist/bin/server.js`), for tests of what an operator runs.
 */
function npmStart(): { args: string[]; env: Record<string, string> } {
  const start: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start
  const words = start.split(/\s+/)
  const node = words.indexOf('node')
  const env = Object.fromEntries(words.slice(0, node).map((kv) => kv.split('=') as [string, string]))
  return { args: words.slice(node + 1).map((w) => (w.startsWith('-') ? w : join(ROOT, w))), env }
}

/** `npm run build`: dist/ from the sources, as `npm start` builds it first. */
export function buildDist(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'pipe' })
}

export async function startHub(
  vars: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'felhom-hub-proc-')),
  /** 'dist': the built hub with `npm start`'s flags (call buildDist() first); else bin/ via tsx. */
  entry: 'tsx' | 'dist' = 'tsx',
): Promise<HubProcess> {
  const start = entry === 'dist' ? npmStart() : null
  const args = start ? start.args : ['--import', TSX, join(ROOT, 'bin/server.ts')]
  const child = spawn(process.execPath, args, {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH,
      TSX_TSCONFIG_PATH: TSCONFIG,
      ...start?.env,
      HUB_SERVER_LISTEN: '127.0.0.1:0',
      HUB_SERVER_DATA_DIR: join(dataDir, 'data'),
      // The in-process scheduler ticks on its own: whatever job falls due during a test must not
      // leave the machine, so the outside systems default to a closed port on loopback.
      HUB_REGISTRY_URL: 'http://127.0.0.1:9',
      HUB_NOTIFICATIONS_RESEND_BASE_URL: 'http://127.0.0.1:9',
      ...vars,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), 15_000)
    const check = () => {
      const m = /"msg":"felhom-hub listening","listen":"([^"]+)"/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(`http://${m[1]}`)
      }
    }
    child.stdout!.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`hub exited with ${code}:\n${out}`))
    })
  })
  const waitForOutput = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out)
        if (!m) return
        child.stdout!.off('data', check)
        child.stderr!.off('data', check)
        resolve(m)
      }
      child.stdout!.on('data', check)
      child.stderr!.on('data', check)
      void exited.then(() => reject(new Error(`hub exited before printing ${pattern}:\n${out}`)))
      check()
    })
  return { child, url, dataDir, output: () => out, exited, waitForOutput }
}

/** Runs a Node entry to completion and returns its exit code and output. */
export function runEntry(script: string, args: string[], vars: Record<string, string>, cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, script), ...args], {
      cwd,
      env: { PATH: process.env.PATH, TSX_TSCONFIG_PATH: TSCONFIG, ...vars },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * Asks `probe` until it returns something other than undefined; fails after `timeoutMs` with the
 * last answer. For what a separate process does on its own schedule (the in-process scheduler).
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last error: ${String(last)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
