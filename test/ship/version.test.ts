// One release number everywhere the operator sees one: package.json, the hub's own report (start-up
// log, /healthz), the image label and the tag k8s deploys. It follows the Go hub's numbering.
import { readFileSync } from 'node:fs'
import { DockerfileParser } from 'dockerfile-ast'
import { describe, expect, it } from 'vitest'
import { HUB_VERSION } from '../../lib/core/version.js'
import { loadManifests, one } from './manifests.js'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))

describe('the release number', () => {
  it('is 0.4.0, the first TypeScript release after the Go hub 0.3.1, in package.json and lib/core/version.ts', () => {
    expect(pkg.version).toBe('0.4.0')
    expect(HUB_VERSION).toBe(pkg.version)
  })

  it('labels the image and tags the image k8s deploys', () => {
    const dockerfile = DockerfileParser.parse(readFileSync('Dockerfile', 'utf8'))
    const labels = dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() === 'LABEL')
      .flatMap((i) => i.getArguments().map((a) => a.getValue()))
    expect(labels).toContain(`org.opencontainers.image.version="${pkg.version}"`)
    const hub = one(loadManifests(), 'Deployment').spec.template.spec.containers.find(
      (c: { name: string }) => c.name === 'hub',
    )
    expect(hub.image).toBe(`gitea.dooplex.hu/admin/felhom-hub:${pkg.version}`)
  })
})
