import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../lib/core/clock.js'
import {
  latestKnownVersion,
  newestRelease,
  REGISTRY_STATE_KEY,
  registryTarget,
} from '../../lib/controller/registry.js'
import { getState } from '../../lib/store/hub-state.js'
import { checkRegistry } from '../../scheduled/registry-check.js'
import { testConfig, testEnv } from '../support/env.js'
import { startFakeGitea, type FakeGitea } from '../support/fake-gitea.js'

async function envFor(gitea: FakeGitea, registry: Record<string, string> = {}) {
  return testEnv({
    clock: fixedClock('2026-11-29T04:30:00Z'),
    config: {
      registry: {
        image: 'gitea.example/admin/felhom-controller',
        url: gitea.url,
        username: 'hub-bot',
        token: 'gitea-pat-123',
        ...registry,
      },
    },
  })
}

describe('checkRegistry', () => {
  it('does the token exchange, follows the pages and stores the newest release', async () => {
    const gitea = await startFakeGitea()
    const env = await envFor(gitea)
    const summary = await checkRegistry(env)
    expect(summary).toEqual({
      ok: true,
      tag: 'v1.9.0',
      version: '1.9.0',
      tags_seen: 6,
      pages: 3,
      truncated: false,
    })
    expect(JSON.parse((await getState(env.db, REGISTRY_STATE_KEY))!.value)).toEqual({
      tag: 'v1.9.0',
      version: '1.9.0',
      checked_at: '2026-11-29T04:30:00Z',
    })
    expect(await latestKnownVersion(env)).toMatchObject({ version: '1.9.0' })

    const [first, tokenReq, ...pages] = gitea.requests
    expect(first).toMatchObject({ path: '/v2/admin/felhom-controller/tags/list', authorization: null })
    expect(tokenReq.path).toBe(
      '/v2/token?service=container_registry&scope=repository%3Aadmin%2Ffelhom-controller%3Apull',
    )
    expect(tokenReq.authorization).toBe('Basic ' + Buffer.from('hub-bot:gitea-pat-123').toString('base64'))
    expect(pages.map((r) => r.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1'])
    expect(pages.map((r) => r.path)).toEqual([
      '/v2/admin/felhom-controller/tags/list',
      '/v2/admin/felhom-controller/tags/list?n=2&last=latest',
      '/v2/admin/felhom-controller/tags/list?n=2&last=v1.10.0-rc.1',
    ])
    expect(gitea.requests.every((r) => !r.path.includes('gitea-pat-123'))).toBe(true)
  })

  it('reads access_token when the token endpoint answers with that field', async () => {
    const gitea = await startFakeGitea({ accessTokenField: true, tags: ['v2.0.0'] })
    expect(await checkRegistry(await envFor(gitea))).toMatchObject({ ok: true, tag: 'v2.0.0' })
  })

  it('keeps the previous value when the registry fails, hangs or has no release', async () => {
    const gitea = await startFakeGitea()
    const env = await envFor(gitea)
    await checkRegistry(env)
    const stored = (await getState(env.db, REGISTRY_STATE_KEY))!.value

    gitea.mode = 'fail'
    expect(await checkRegistry(env)).toEqual({ ok: false, error: 'tags list answered 500' })
    gitea.mode = 'hang'
    expect(await checkRegistry(env, { timeoutMs: 200 })).toEqual({
      ok: false,
      error: 'timed out after 200 ms',
    })
    gitea.mode = 'ok'
    gitea.tags = ['latest', 'v3.0.0-rc.1', 'nightly']
    expect(await checkRegistry(env)).toEqual({ ok: false, error: 'no release tags among 3 tags' })
    expect((await getState(env.db, REGISTRY_STATE_KEY))!.value).toBe(stored)
  })

  it('fails without a token when the registry credentials are wrong', async () => {
    const gitea = await startFakeGitea()
    const env = await envFor(gitea, { token: 'wrong' })
    expect(await checkRegistry(env)).toEqual({ ok: false, error: 'token endpoint answered 401' })
    expect(await latestKnownVersion(env)).toBeNull()
  })

  it('never sends the registry credentials to a token realm on another origin', async () => {
    const elsewhere = await startFakeGitea()
    const gitea = await startFakeGitea({ realm: `${elsewhere.url}/v2/token` })
    expect(await checkRegistry(await envFor(gitea))).toMatchObject({ ok: false })
    expect(elsewhere.requests).toHaveLength(1)
    expect(elsewhere.requests[0].authorization).toBeNull()
  })

  it('stops following pages at its bound and says so', async () => {
    const gitea = await startFakeGitea({ tags: ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0', 'v1.4.0', 'v1.5.0'] })
    expect(await checkRegistry(await envFor(gitea), { maxPages: 2 })).toMatchObject({
      ok: true,
      tag: 'v1.3.0',
      pages: 2,
      truncated: true,
    })
  })
})

describe('registry helpers', () => {
  it('picks the newest release, ignoring prereleases and names that are not versions', () => {
    expect(newestRelease(['v1.9.0', '1.10.0', 'v2.0.0-beta.1', '1.11', 'latest', 'v1.9.1'])).toEqual({
      tag: '1.10.0',
      version: '1.10.0',
    })
    expect(newestRelease(['latest', 'main'])).toBeNull()
  })

  it('derives the registry URL and repository from registry.image', () => {
    const cfg = testConfig().registry
    expect(registryTarget({ ...cfg, image: 'gitea.dooplex.hu/admin/felhom-controller', url: '' })).toEqual({
      base: 'https://gitea.dooplex.hu',
      repository: 'admin/felhom-controller',
    })
    expect(
      registryTarget({
        ...cfg,
        image: 'gitea.dooplex.hu/admin/felhom-controller:latest',
        url: 'http://10.0.0.5:3000/',
      }),
    ).toEqual({
      base: 'http://10.0.0.5:3000',
      repository: 'admin/felhom-controller',
    })
  })
})
