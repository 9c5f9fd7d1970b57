// Where the browser test finds Chromium: $CHROMIUM_PATH, else the first chromium on $PATH, else
// the usual install locations. No browser is a failure with a message saying what to do, never a
// skip: a skipped browser test would look like a passing one.
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']
export const COMMON_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
]

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

export function chromiumPath(
  opts: { env?: Record<string, string | undefined>; commonPaths?: string[] } = {},
): string {
  const env = opts.env ?? process.env
  const given = env.CHROMIUM_PATH?.trim()
  if (given) {
    if (isExecutableFile(given)) return given
    throw new Error(`CHROMIUM_PATH is ${given}, which is not an executable file.`)
  }
  // What `which chromium` does, without a shell.
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean)
  for (const name of NAMES) {
    for (const dir of dirs) {
      if (isExecutableFile(join(dir, name))) return join(dir, name)
    }
  }
  const found = (opts.commonPaths ?? COMMON_PATHS).find(isExecutableFile)
  if (found) return found
  throw new Error(
    `No Chromium for the browser test: looked for ${NAMES.join(', ')} on PATH and in ` +
      `${(opts.commonPaths ?? COMMON_PATHS).join(', ')}. Install it (apt-get install -y chromium) ` +
      'or set CHROMIUM_PATH to its executable.',
  )
}

/**
 * Headless Chromium for the browser tests: the sandbox off (tests run as root in CI) and
 * Chromium's own background traffic off (this machine's network is closed, and a refused
 * connection per feature slows every start).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}
