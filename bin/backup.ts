// `npm run backup -- <file>[.gz]`: a consistent, checked snapshot of the configured database
// (VACUUM INTO, then PRAGMA integrity_check; gzip-compressed for a .gz name), safe while the hub
// runs. Never overwrites: restoring from a snapshot you just clobbered is the worst way to learn
// the path was wrong.
import { resolve } from 'node:path'
import { ConfigError } from '../lib/core/config.js'
import { readConfig } from '../lib/node/bootstrap.js'
import { backupDatabase, SnapshotError } from '../lib/node/snapshot.js'

const USAGE =
  'usage: npm run backup -- <snapshot-file>   (the file must not exist yet; a name ending in .gz is gzip-compressed)\n'

async function main(argv: string[]): Promise<number> {
  if (argv.length !== 1 || argv[0].startsWith('-')) {
    process.stderr.write(USAGE)
    return 2
  }
  try {
    const { config, warnings } = readConfig()
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`)
    // npm runs scripts in the package root; a relative path means the caller's directory.
    const snap = await backupDatabase(config, resolve(process.env.INIT_CWD ?? process.cwd(), argv[0]))
    process.stdout.write(`${snap.path} ${snap.bytes} bytes (${(snap.bytes / 1048576).toFixed(1)} MiB)\n`)
    return 0
  } catch (err) {
    if (err instanceof SnapshotError || err instanceof ConfigError) {
      process.stderr.write(`felhom-hub backup: ${err.message}\n`)
      return 1
    }
    throw err
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`felhom-hub backup: failed: ${(err as Error).stack ?? err}\n`)
    process.exit(1)
  },
)
