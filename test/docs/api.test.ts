// docs/api.md is the API as this hub implements it: it must name every API route of the route table,
// every error code the hub can answer, every event type and every body limit. A route, code or type
// added to the code without a word here fails this test.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bodyLimit, router } from '../../functions/routes.js'
import { CONTROLLER_EVENT_TYPES, HUB_EVENT_TYPES } from '../../lib/events/types.js'
import { JOB_NAMES } from '../../lib/jobs/schedule.js'

const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')
const errorsSource = readFileSync(new URL('../../lib/core/errors.ts', import.meta.url), 'utf8')

/** A route pattern as the doc writes it: `/api/v1/customers/{id}` for itty's `:id`. */
const documented = (path: string) => path.replace(/:(\w+)/g, '{$1}')

describe('docs/api.md', () => {
  it('documents every API, health, metrics and internal route of the route table', () => {
    const routes = router.routes
      .map(([method, , , path]) => [method, path!] as const)
      .filter(([, path]) => /^\/(api|internal|healthz|metrics)/.test(path))
    expect(routes.length).toBeGreaterThan(10)
    const missing = routes.filter(([method, path]) => !doc.includes(`| ${method} | \`${documented(path)}`))
    expect(missing).toEqual([])
  })

  it('lists every error code the hub answers with', () => {
    const codes = [...errorsSource.matchAll(/HttpError\(\s*\d{3},\s*'([a-z_]+)'/g)].map((m) => m[1])
    expect(codes.length).toBeGreaterThan(8)
    expect(codes.filter((c) => !doc.includes(`\`${c}\``))).toEqual([])
  })

  it('names every controller and hub event type', () => {
    const types = [...CONTROLLER_EVENT_TYPES, ...HUB_EVENT_TYPES]
    expect(types.filter((t) => !doc.includes(`\`${t}\``))).toEqual([])
  })

  it('names every job the internal route runs', () => {
    const internal = doc.slice(doc.indexOf('## 4. Internal routes'), doc.indexOf('## 5.'))
    expect([...JOB_NAMES, 'tick'].filter((j) => !internal.includes(`\`${j}\``))).toEqual([])
  })

  it('states the body limits the router enforces', () => {
    const MiB = 1024 * 1024
    expect([bodyLimit('/api/v1/report'), bodyLimit('/api/v1/infra-backup'), bodyLimit('/login')]).toEqual([
      1 * MiB,
      8 * MiB,
      MiB / 16,
    ])
    expect(doc).toContain('Body limits: report 1 MiB, infra backup 8 MiB, every other route')
    expect(doc).toContain('64 KiB.')
  })
})
