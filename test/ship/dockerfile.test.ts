// The image, checked without a Docker engine: the Dockerfile is parsed with dockerfile-ast and its
// stages, user, command and health check are compared with the code they are meant to run.
import { existsSync, readFileSync } from 'node:fs'
import { DockerfileParser, type Copy, type Instruction } from 'dockerfile-ast'
import { describe, expect, it } from 'vitest'
import { parseListen } from '../../lib/core/config.js'
import { testEnv } from '../support/env.js'
import { call } from '../support/http.js'

const dockerfile = DockerfileParser.parse(readFileSync('Dockerfile', 'utf8'))

interface Stage {
  name: string | null
  base: string
  instructions: Instruction[]
}

/** Instructions grouped by the FROM that opens their stage, ARGs before the first FROM resolved. */
function stages(): Stage[] {
  const out: Stage[] = []
  for (const ins of dockerfile.getInstructions()) {
    if (ins.getKeyword() === 'FROM') {
      const from = dockerfile.getFROMs().find((f) => f.getRange().start.line === ins.getRange().start.line)!
      out.push({ name: from.getBuildStage(), base: resolveArg(from.getImage() ?? ''), instructions: [] })
    } else if (out.length > 0) {
      out[out.length - 1].instructions.push(ins)
    }
  }
  return out
}

function resolveArg(image: string): string {
  return image.replace(/\$\{?(\w+)\}?/g, (_, name: string) => {
    const arg = dockerfile.getInitialARGs().find((a) => a.getProperty()?.getName() === name)
    return arg?.getProperty()?.getValue() ?? ''
  })
}

const args = (ins: Instruction) => ins.getArguments().map((a) => a.getValue())
const ofKind = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.getKeyword() === keyword)
const jsonArgs = (ins: Instruction) => JSON.parse(ins.getRawArgumentsContent() ?? 'null') as string[]
const all = stages()
const final = all[all.length - 1]

describe('Dockerfile', () => {
  it('builds in stages on a pinned node:20 bookworm-slim base', () => {
    expect(all.length).toBeGreaterThanOrEqual(2)
    const stageNames = new Set(all.map((s) => s.name))
    for (const stage of all) {
      if (stageNames.has(stage.base)) continue
      const [name, tag] = stage.base.split(':')
      expect(name).toBe('node')
      expect(tag).toMatch(/^20\.\d+\.\d+-bookworm-slim$/)
    }
  })

  it('compiles TypeScript in a build stage with npm ci and npm run build', () => {
    const build = all.find(
      (s) =>
        ofKind(s, 'COPY').length > 0 &&
        ofKind(s, 'RUN').some((r) => /npm run build/.test(r.getArgumentsContent() ?? '')),
    )
    expect(build).toBeDefined()
    expect(ofKind(build!, 'RUN').some((r) => /\bnpm ci\b/.test(r.getArgumentsContent() ?? ''))).toBe(true)
  })

  it('runs as a non-root user in the final stage', () => {
    const users = ofKind(final, 'USER').map((u) => args(u)[0])
    expect(users.length).toBeGreaterThan(0)
    const [user] = users[users.length - 1].split(':')
    expect(['root', '0', '']).not.toContain(user)
    // Numeric, so Kubernetes' runAsNonRoot can verify it without a passwd lookup.
    expect(user).toMatch(/^[1-9]\d*$/)
  })

  it('ships only compiled JavaScript, package files and production dependencies', () => {
    for (const run of ofKind(final, 'RUN'))
      expect(run.getArgumentsContent()).not.toMatch(/\b(npm (ci|install|i)|tsx|tsc|yarn|pnpm)\b/)
    const copies = ofKind(final, 'COPY')
    const sources = copies.flatMap((c) => args(c).slice(0, -1))
    expect(sources.sort()).toEqual(['/app/dist', '/app/node_modules', 'package-lock.json', 'package.json'])
    // node_modules comes from a stage that installed production dependencies only.
    const modulesCopy = copies.find((c) => args(c).includes('/app/node_modules'))!
    const fromStage = (modulesCopy as Copy).getFromFlag()?.getValue()
    const deps = all.find((s) => s.name === fromStage)!
    expect(ofKind(deps, 'RUN').some((r) => /npm ci\b.*--omit=dev/.test(r.getArgumentsContent() ?? ''))).toBe(
      true,
    )
    // And none of the TypeScript tooling is a production dependency.
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
    for (const tool of ['typescript', 'tsx', 'vitest', 'esbuild', 'miniflare'])
      expect(pkg.dependencies).not.toHaveProperty(tool)
  })

  it('starts the compiled server with node, no npm or tsx at run time', () => {
    const cmds = ofKind(final, 'CMD')
    expect(cmds.length).toBe(1)
    const [bin, ...flagsAndScript] = jsonArgs(cmds[0])
    const script = flagsAndScript.pop()!
    expect(bin).toBe('node')
    expect(flagsAndScript.every((f) => f.startsWith('--'))).toBe(true)
    expect(script).toMatch(/^dist\/.+\.js$/)
    // dist/bin/server.js is what the build (scripts/build.mjs) makes of bin/server.ts.
    expect(existsSync(script.replace(/^dist\//, '').replace(/\.js$/, '.ts'))).toBe(true)
    expect(ofKind(final, 'ENTRYPOINT')).toEqual([])
  })

  // The bench (bench/hub.mjs) measures the hub as `npm start` runs it; the image must run it alike.
  it('runs the hub with the memory settings of npm start', () => {
    const start = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start.split(/\s+/) as string[]
    const nodeAt = start.indexOf('node')
    const startEnv = Object.fromEntries(start.slice(0, nodeAt).map((kv) => kv.split('=')))
    const env = Object.fromEntries(
      dockerfile.getENVs().flatMap((e) => e.getProperties().map((p) => [p.getName(), p.getValue()])),
    )
    expect(startEnv).toEqual({ MALLOC_ARENA_MAX: expect.any(String) })
    expect(env.MALLOC_ARENA_MAX).toBe(startEnv.MALLOC_ARENA_MAX)
    expect(jsonArgs(ofKind(final, 'CMD')[0])).toEqual(start.slice(nodeAt))
  })

  it('keeps data on a /data volume the hub is configured to use', () => {
    expect(ofKind(final, 'VOLUME').flatMap((v) => args(v).map((a) => a.replace(/^\["?|"?\]$/g, '')))).toEqual(
      ['/data'],
    )
    const env = Object.fromEntries(
      dockerfile.getENVs().flatMap((e) => e.getProperties().map((p) => [p.getName(), p.getValue()])),
    )
    expect(env.HUB_SERVER_DATA_DIR).toBe('/data')
    expect(ofKind(final, 'EXPOSE').map((e) => args(e)[0])).toEqual([
      String(parseListen(env.HUB_SERVER_LISTEN!).port),
    ])
  })

  it('health-checks a route that answers 200 on a working hub, on the exposed port', async () => {
    const [check] = ofKind(final, 'HEALTHCHECK')
    const content = check.getArgumentsContent() ?? ''
    const command = JSON.parse(content.slice(content.indexOf('['))) as string[]
    expect(command[0]).toBe('node') // the slim image has no curl or wget
    const url = new URL(/fetch\('([^']+)'\)/.exec(command.join(' '))![1])
    expect(url.port).toBe(args(ofKind(final, 'EXPOSE')[0])[0])
    const env = await testEnv()
    const res = await call(env, 'GET', url.pathname, { key: null })
    expect(res.status).toBe(200)
  })

  it('keeps local data, secrets and host builds out of the build context', () => {
    const patterns = readFileSync('.dockerignore', 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
    const ignored = (path: string) => {
      let result = false
      for (const p of patterns) {
        const negate = p.startsWith('!')
        const glob = negate ? p.slice(1) : p
        const re = new RegExp(
          '^' +
            glob
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*\*/g, '\u0000')
              .replace(/\*/g, '[^/]*')
              .replace(/\u0000/g, '.*') +
            '$',
        )
        if (re.test(path)) result = !negate
      }
      return result
    }
    for (const path of [
      'data/hub.db',
      'hub.yaml',
      '.env',
      'node_modules/x/index.js',
      'dist/bin/server.js',
      'test/ship/backup.test.ts',
    ]) {
      expect(ignored(path), path).toBe(true)
    }
    // Everything tsc compiles must reach the build stage.
    const tsconfig = JSON.parse(readFileSync('tsconfig.json', 'utf8'))
    for (const dir of tsconfig.include as string[]) expect(ignored(`${dir}/index.ts`), dir).toBe(false)
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json'])
      expect(ignored(file), file).toBe(false)
  })
})
