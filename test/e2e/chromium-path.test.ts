// The browser test's Chromium lookup: an explicit path wins, then PATH, then the usual places; no
// browser is an error that says what to do.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPath } from '../support/chromium.js'

function fakeBrowser(name: string, mode = 0o755): string {
  const dir = mkdtempSync(join(tmpdir(), 'felhom-chromium-'))
  const path = join(dir, name)
  writeFileSync(path, '#!/bin/sh\n')
  chmodSync(path, mode)
  return path
}

describe('chromiumPath', () => {
  it('takes CHROMIUM_PATH first', () => {
    const path = fakeBrowser('my-chromium')
    const onPath = fakeBrowser('chromium')
    expect(chromiumPath({ env: { CHROMIUM_PATH: path, PATH: join(onPath, '..') } })).toBe(path)
  })

  it('refuses a CHROMIUM_PATH that is not an executable file, naming it', () => {
    const path = fakeBrowser('chromium', 0o644)
    expect(() => chromiumPath({ env: { CHROMIUM_PATH: path } })).toThrow(
      `CHROMIUM_PATH is ${path}, which is not an executable file.`,
    )
  })

  it('finds chromium on PATH, then in the usual install locations', () => {
    const onPath = fakeBrowser('chromium')
    expect(chromiumPath({ env: { PATH: `/nonexistent:${join(onPath, '..')}` }, commonPaths: [] })).toBe(
      onPath,
    )
    const installed = fakeBrowser('chrome')
    expect(
      chromiumPath({ env: { PATH: '/nonexistent' }, commonPaths: ['/nonexistent/chromium', installed] }),
    ).toBe(installed)
  })

  it('fails with a message saying how to get a browser when there is none', () => {
    expect(() =>
      chromiumPath({ env: { PATH: '/nonexistent' }, commonPaths: ['/nonexistent/chromium'] }),
    ).toThrow(
      /No Chromium for the browser test: .*Install it \(apt-get install -y chromium\) or set CHROMIUM_PATH/,
    )
  })
})
