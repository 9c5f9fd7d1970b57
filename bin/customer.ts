// `npm run customer -- create <id> --name "…" [--domain …] [--json]`: creates a managed customer in
// the configured database (also while the hub runs) and prints its credentials once.
import { parseArgs } from 'node:util'
import { createManagedCustomer } from '../lib/customer-admin.js'
import { ConfigError } from '../lib/config.js'
import { HttpError } from '../lib/errors.js'
import { jsonLogger } from '../lib/log.js'
import { buildNodeEnv } from '../lib/node/bootstrap.js'
import { CUSTOMER_ID } from '../lib/validate.js'

const USAGE =
  'usage: npm run customer -- create <customer-id> --name "Display Name" [--domain example.felhom.eu] [--json]\n'

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      domain: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const [command, customerId] = positionals
  if (command !== 'create' || !customerId) {
    process.stderr.write(USAGE)
    return 2
  }
  if (!CUSTOMER_ID.test(customerId)) {
    process.stderr.write(`invalid customer id "${customerId}": expected ^[a-z0-9][a-z0-9-]{1,62}$\n`)
    return 2
  }
  // Logs go to stderr so that --json output on stdout stays machine-readable.
  const env = await buildNodeEnv({ log: jsonLogger((l) => process.stderr.write(l + '\n'), 'warn') })
  try {
    const creds = await createManagedCustomer(env, {
      customerId,
      displayName: values.name ?? '',
      domain: values.domain ?? '',
    })
    if (values.json) {
      process.stdout.write(JSON.stringify(creds) + '\n')
    } else {
      process.stdout.write(
        [
          `Created managed customer ${customerId}.`,
          `API key:            ${creds.api_key}`,
          `Retrieval password: ${creds.retrieval_password}`,
          'Both are shown only now; the dashboard can reveal them later.',
          `The controller fetches its config from ${env.config.server.public_url}/api/v1/config/${customerId}`,
          '',
        ].join('\n'),
      )
    }
    return 0
  } catch (err) {
    if (err instanceof HttpError) {
      process.stderr.write(`${err.message}\n`)
      return 1
    }
    throw err
  } finally {
    env.db.close()
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(
      err instanceof ConfigError ? `felhom-hub: ${err.message}\n` : `error: ${(err as Error).stack}\n`,
    )
    process.exit(1)
  },
)
