import { describe, expect, it } from 'vitest'
import { currentTemplate, TEMPLATE_STATE_KEY } from '../../lib/controller-config/generate.js'
import { getState } from '../../lib/store/hub-state.js'
import { refreshTemplate, templateProblem } from '../../scheduled/template-refresh.js'
import { testEnv } from '../support/env.js'
import { startFakeGitea, type FakeGitea } from '../support/fake-gitea.js'
import { fixtureTemplate } from '../support/fixtures.js'

async function envFor(gitea: FakeGitea, token = 'gitea-pat-123') {
  return testEnv({ config: { registry: { template_url: gitea.templateUrl, token } } })
}

const stored = async (env: Awaited<ReturnType<typeof testEnv>>) =>
  (await getState(env.db, TEMPLATE_STATE_KEY))?.value

describe('refreshTemplate', () => {
  it('fetches the template with the Gitea token and keeps it for config generation', async () => {
    const gitea = await startFakeGitea({ template: fixtureTemplate() })
    const env = await envFor(gitea)
    expect(await refreshTemplate(env)).toEqual({
      ok: true,
      changed: true,
      bytes: Buffer.byteLength(fixtureTemplate()),
    })
    expect(await stored(env)).toBe(fixtureTemplate())
    expect(await currentTemplate(env)).toBe(fixtureTemplate())
    expect(gitea.requests.map((r) => r.authorization)).toEqual(['token gitea-pat-123'])
    expect(await refreshTemplate(env)).toMatchObject({ ok: true, changed: false })
  })

  it('keeps the last good template when the new one is not valid YAML', async () => {
    const gitea = await startFakeGitea({ template: fixtureTemplate() })
    const env = await envFor(gitea)
    await refreshTemplate(env)
    gitea.mode = 'invalid-yaml'
    expect(await refreshTemplate(env)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^template rejected: not valid YAML/),
    })
    expect(await stored(env)).toBe(fixtureTemplate())
  })

  it('rejects YAML that is not shaped like a controller.yaml', async () => {
    const gitea = await startFakeGitea({ template: '<html><body>Sign in to Gitea</body></html>\n' })
    const env = await envFor(gitea)
    expect(await refreshTemplate(env)).toEqual({ ok: false, error: 'template rejected: not a YAML mapping' })
    gitea.template = 'customer:\n  id: ""\n'
    expect(await refreshTemplate(env)).toEqual({ ok: false, error: 'template rejected: no "hub" section' })
    expect(await stored(env)).toBeUndefined()
  })

  it('keeps the last good template when Gitea fails, hangs, refuses the token or sends too much', async () => {
    const gitea = await startFakeGitea({ template: fixtureTemplate() })
    const env = await envFor(gitea)
    await refreshTemplate(env)
    gitea.mode = 'fail'
    expect(await refreshTemplate(env)).toEqual({ ok: false, error: 'template URL answered 500' })
    gitea.mode = 'hang'
    expect(await refreshTemplate(env, { timeoutMs: 200 })).toEqual({
      ok: false,
      error: 'timed out after 200 ms',
    })
    gitea.mode = 'huge'
    expect(await refreshTemplate(env)).toEqual({ ok: false, error: 'response larger than 1048576 bytes' })
    gitea.mode = 'ok'
    expect(await refreshTemplate(await envFor(gitea, 'wrong-token'))).toEqual({
      ok: false,
      error: 'template URL answered 401',
    })
    expect(await stored(env)).toBe(fixtureTemplate())
  })

  it('is skipped without a template URL', async () => {
    const env = await testEnv()
    expect(await refreshTemplate(env)).toEqual({
      ok: true,
      skipped: true,
      reason: 'registry.template_url is empty',
    })
  })

  it('accepts the shared fixture template', () => {
    expect(templateProblem(fixtureTemplate())).toBeNull()
  })
})
