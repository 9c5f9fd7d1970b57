// The rollout pages: the list, the new-rollout form whose GET previews the waves without
// JavaScript, the POST that starts it, the rollout page with each node's timeline, and the
// operator's actions as CSRF-protected POST forms.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../../lib/core/clock.js'
import { getRollout, listRollouts, nodesOf } from '../../../lib/store/rollouts.js'
import { runRollouts } from '../../../scheduled/rollouts.js'
import { dashboardEnv, flashOf, getPage, postForm, signIn } from '../../support/dashboard.js'
import { knownRelease, nodeId, seedFleet } from '../../support/rollout-seed.js'

async function setup(size = 20) {
  const env = await dashboardEnv({ clock: fixedClock('2026-11-29T08:00:00Z') })
  const fleet = await seedFleet(env, { size })
  await knownRelease(env, '1.9.0', ['1.8.5'])
  return { env, fleet, s: await signIn(env) }
}

const form = { version: '1.9.0', canary: nodeId(3), waves: '10, 50, 100', deadline: '30m', soak: '15m' }
const query = (f: Record<string, string>) => `/rollouts/new?${new URLSearchParams({ ...f, preview: '1' })}`
const fingerprintOf = (html: string) => /name="fingerprint" value="([0-9a-f]+)"/.exec(html)?.[1] ?? ''

describe('the rollout pages', () => {
  it('list rollouts in the navigation, and offer a new one when none is active', async () => {
    const { env, s } = await setup(2)
    const list = await getPage(env, '/rollouts', s)
    expect(list.status).toBe(200)
    expect(list.html).toContain('<a href="/rollouts" class="nav-link active">Rollouts</a>')
    expect(list.html).toContain('href="/rollouts/new"')
    expect((await getPage(env, '/', s)).html).toContain('href="/rollouts"')
  })

  it('preview the waves from a GET with the form fields, and list who is left out and why', async () => {
    const { env, s } = await setup()
    await env.db.execute("UPDATE customer_configs SET blocked = 1 WHERE customer_id = 'node-20'")
    const blank = await getPage(env, '/rollouts/new', s)
    expect(blank.html).toContain('<option value="1.9.0" selected')
    expect(blank.html).toContain('value="10, 50, 100"')
    expect(blank.html).not.toContain('id="preview"')

    const res = await getPage(env, query(form), s)
    expect(res.status).toBe(200)
    expect(res.html).toContain('Preview: 19 nodes in 4 waves to 1.9.0')
    // 19 eligible: canary, then up to 10% (2), 50% (10), 100% (19).
    const sizes = [
      ...res.html.matchAll(
        /data-wave="\d+"><div class="strong">Wave \d+: [^<]+<span class="muted">· (\d+) nodes?/g,
      ),
    ].map((m) => Number(m[1]))
    expect(sizes).toEqual([1, 1, 8, 9])
    expect(res.html).toContain('node-20')
    expect(res.html).toContain(': blocked')
    expect(res.html).toContain('action="/rollouts"')
    expect(fingerprintOf(res.html)).toMatch(/^[0-9a-f]{8}$/)
  })

  it('show form errors by their fields and start nothing', async () => {
    const { env, s } = await setup(2)
    const res = await getPage(env, query({ ...form, waves: '50, 10', deadline: 'soon', version: '2.0.0' }), s)
    expect(res.html).toContain('id="waves-error"')
    expect(res.html).toContain('id="deadline-error"')
    expect(res.html).toContain('not among the releases')
    expect(res.html).not.toContain('action="/rollouts"')

    const post = await postForm(env, '/rollouts', s, { ...form, waves: '120', fingerprint: 'x' })
    expect(post.status).toBe(400)
    expect(post.html).toContain('id="waves-error"')
    expect(await listRollouts(env.db)).toEqual([])
  })

  it('start the previewed rollout on POST, ask the canary right after, and show its timeline', async () => {
    const { env, fleet, s } = await setup()
    const preview = await getPage(env, query(form), s)
    const res = await postForm(env, '/rollouts', s, { ...form, fingerprint: fingerprintOf(preview.html) })
    expect([res.status, res.location]).toEqual([303, '/rollouts/1'])
    expect(flashOf(res)?.text).toContain('Rollout #1 to 1.9.0 started')
    await env.settle() // the rollouts job runs once after the response
    expect(fleet.node(nodeId(3)).updates).toEqual(['1.9.0'])
    expect(fleet.nodes().filter((n) => n.updates.length > 0)).toHaveLength(1)

    const page = await getPage(env, '/rollouts/1', s)
    expect(page.html).toContain('Rollout #1 → 1.9.0')
    expect(page.html).toMatch(/data-customer="node-03" data-state="sent"/)
    expect(page.html).toContain('Accepted (202): updating.')
    expect(page.html).toContain('action="/rollouts/1/abort"')
    expect(page.html).not.toContain('action="/rollouts/1/resume"')
    const list = await getPage(env, '/rollouts', s)
    expect(list.html).toContain('#1 → 1.9.0')
    expect(list.html).not.toContain('href="/rollouts/new" class="btn')
  })

  it('refuse to start when the fleet changed since the preview, or another rollout is active', async () => {
    const { env, s } = await setup()
    const preview = await getPage(env, query(form), s)
    await env.db.execute("UPDATE customer_configs SET blocked = 1 WHERE customer_id = 'node-07'")
    const changed = await postForm(env, '/rollouts', s, { ...form, fingerprint: fingerprintOf(preview.html) })
    expect(changed.status).toBe(409)
    expect(changed.html).toContain('The fleet changed since the preview')
    expect(await listRollouts(env.db)).toEqual([])

    const again = await getPage(env, query(form), s)
    const ok = await postForm(env, '/rollouts', s, { ...form, fingerprint: fingerprintOf(again.html) })
    expect(ok.status).toBe(303)
    const second = await postForm(env, '/rollouts', s, { ...form, fingerprint: fingerprintOf(again.html) })
    expect(second.status).toBe(409)
    expect(second.html).toContain('Another rollout is running or halted')
    expect(await listRollouts(env.db)).toHaveLength(1)
  })

  it('take resume, skip and abort as POST forms with the CSRF token only', async () => {
    const { env, fleet, s } = await setup()
    fleet.node(nodeId(3)).behaviour = 'refuse'
    const preview = await getPage(env, query(form), s)
    await postForm(env, '/rollouts', s, { ...form, fingerprint: fingerprintOf(preview.html) })
    await env.settle()
    expect((await getRollout(env.db, 1))!.state).toBe('halted')
    const page = await getPage(env, '/rollouts/1', s)
    expect(page.html).toContain('class="banner banner-halted"')
    expect(page.html).toContain('rejected the update request')
    expect(page.html).toContain('action="/rollouts/1/resume"')
    expect(page.html).toContain('action="/rollouts/1/skip"')

    const forged = await postForm(env, '/rollouts/1/skip', s, { _csrf: 'wrong', customer_id: nodeId(3) })
    expect(forged.status).toBe(403)
    expect((await nodesOf(env.db, 1, 0))[0].state).toBe('failed')

    const skip = await postForm(env, '/rollouts/1/skip', s, { customer_id: nodeId(3) })
    expect(flashOf(skip)?.text).toContain('node-03 is skipped in rollout #1. The rollout is still halted')
    expect((await nodesOf(env.db, 1, 0))[0].state).toBe('skipped')
    const resume = await postForm(env, '/rollouts/1/resume', s)
    expect(flashOf(resume)).toMatchObject({ kind: 'ok', text: expect.stringContaining('resumed') })
    expect((await postForm(env, '/rollouts/1/resume', s)).headers.get('location')).toBe('/rollouts/1')
    await runRollouts(env)
    expect(fleet.nodes().filter((n) => n.updates.length > 0)).toHaveLength(1) // soaking the (skipped) canary wave

    const abort = await postForm(env, '/rollouts/1/abort', s)
    expect(flashOf(abort)?.text).toContain('Rollout #1 aborted')
    expect((await getRollout(env.db, 1))!.state).toBe('aborted')
    expect(flashOf(await postForm(env, '/rollouts/1/abort', s))).toMatchObject({ kind: 'error' })
    expect((await getPage(env, '/rollouts/1', s)).html).not.toContain('action="/rollouts/1/abort"')
  })

  it('answer an unknown or malformed rollout id with a not-found page or a flash, never a 500', async () => {
    const { env, s } = await setup(1)
    expect((await getPage(env, '/rollouts/99', s)).status).toBe(404)
    expect((await getPage(env, '/rollouts/abc', s)).status).toBe(404)
    const res = await postForm(env, '/rollouts/99/resume', s)
    expect([res.status, res.location]).toEqual([303, '/rollouts'])
    const skip = await postForm(env, '/rollouts/abc/skip', s, { customer_id: '../x' })
    expect(skip.status).toBe(303)
  })
})
