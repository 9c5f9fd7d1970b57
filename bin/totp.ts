// `npm run totp -- <command>` against the configured database (also while the hub runs): the
// last resort when the operator's phone and recovery codes are both gone.
//   status   whether a second factor is set up, and how many recovery codes are left
//   reset    removes the second factor and its recovery codes and ends every session (audited)
import { recordAudit } from '../lib/audit/record.js'
import { factorStatus, removeSecondFactor } from '../lib/auth/second-factor.js'
import { ConfigError } from '../lib/core/config.js'
import { jsonLogger } from '../lib/core/log.js'
import { buildNodeEnv } from '../lib/node/bootstrap.js'
import { commandLine } from '../lib/node/cli.js'

const USAGE = `usage:
  npm run totp -- status   (is a second factor set up; how many recovery codes are left)
  npm run totp -- reset    (removes the second factor and its recovery codes, ends every session)
`

const out = (s: string) => process.stdout.write(s + '\n')
const err = (s: string) => process.stderr.write(s + '\n')

async function main(): Promise<number> {
  const parsed = commandLine(USAGE, {})
  if (typeof parsed === 'number') return parsed
  const { positionals } = parsed
  const [command] = positionals
  if (!['status', 'reset'].includes(command) || positionals.length !== 1) {
    err(USAGE.trimEnd())
    return 2
  }
  const env = await buildNodeEnv({ log: jsonLogger((l) => process.stderr.write(l + '\n'), 'warn') })
  try {
    const status = await factorStatus(env)
    if (command === 'status') {
      out(
        status.enrolled
          ? `A second factor is set up since ${new Date(status.since!).toISOString()}; ` +
              `${status.recoveryCodesLeft} recovery codes left.`
          : 'No second factor is set up.',
      )
      return 0
    }
    const removed = await removeSecondFactor(env, null)
    await recordAudit(env, {
      action: 'totp_reset',
      outcome: removed ? 'ok' : 'refused',
      ip: 'cli',
      detail: removed
        ? 'npm run totp -- reset: factor and recovery codes removed, every session ended'
        : null,
      error: removed ? null : 'no second factor was set up',
    })
    if (!removed) {
      out('No second factor was set up; nothing changed.')
      return 1
    }
    out('Second factor and recovery codes removed; every dashboard session has ended.')
    out(
      env.config.auth.totp_required
        ? 'auth.totp_required is set: the next sign-in with the password leads to setting up a new one.'
        : 'Signing in takes only the password now; set up a new authenticator under Security.',
    )
    return 0
  } finally {
    env.db.close()
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    err(e instanceof ConfigError ? `felhom-hub: ${e.message}` : `error: ${(e as Error).stack}`)
    process.exit(1)
  },
)
