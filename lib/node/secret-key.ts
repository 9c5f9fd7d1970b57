// Node-only: server.secret_key, or one generated once into data_dir when the config leaves it empty.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HubConfig } from '../core/config.js'
import { randomToken } from '../core/crypto.js'
import type { Logger } from '../core/log.js'

export function resolveSecretKey(config: HubConfig, log: Logger): string {
  if (config.server.secret_key) return config.server.secret_key
  const file = join(config.server.data_dir, 'secret.key')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(config.server.data_dir, { recursive: true })
  try {
    writeFileSync(file, randomToken(32) + '\n', { mode: 0o600, flag: 'wx' })
  } catch (err) {
    // Another process (the hub and `npm run customer` starting together) wrote it first.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return readFileSync(file, 'utf8').trim()
  }
  log.warn(
    'server.secret_key is empty: generated one into data_dir; back it up with the database, or set server.secret_key',
    {
      file,
    },
  )
  return readFileSync(file, 'utf8').trim()
}
