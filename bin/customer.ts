// `npm run customer -- <command>` against the configured database (also while the hub runs):
//   create <id> --name "…" [--domain …] [--api-key <key> --retrieval-password <pw>] [--json]
//   import <file.json> [--apply]
//   purge <id> [--yes]
import { readFileSync } from 'node:fs'
import { parseCommandLine } from '../lib/node/command-line.js'
import { createManagedCustomer } from '../lib/customers/admin.js'
import { importCarriedCustomers, parseImportFile, tally, type PlanItem } from '../lib/customers/import.js'
import { ConfigError } from '../lib/core/config.js'
import type { Env } from '../lib/core/env.js'
import { HttpError } from '../lib/core/errors.js'
import { jsonLogger } from '../lib/core/log.js'
import { buildNodeEnv } from '../lib/node/bootstrap.js'
import { customerHoldings, purgeCustomer, total, type Holdings } from '../lib/store/purge.js'
import { CUSTOMER_ID } from '../lib/core/validate.js'

const USAGE = `usage:
  npm run customer -- create <customer-id> --name "Display Name" [--domain example.felhom.eu] [--json]
      [--api-key <key> --retrieval-password <password>]   (credentials its controller already holds)
  npm run customer -- import <customers.json> [--apply]   (dry run unless --apply)
  npm run customer -- purge <customer-id> [--yes]         (erases everything the hub holds for it)
`

const out = (s: string) => process.stdout.write(s + '\n')
const err = (s: string) => process.stderr.write(s + '\n')

async function main(): Promise<number> {
  const args = parseCommandLine(
    {
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        domain: { type: 'string' },
        json: { type: 'boolean', default: false },
        'api-key': { type: 'string' },
        'retrieval-password': { type: 'string' },
        apply: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
      },
    },
    USAGE,
  )
  if (!args) return 2
  const { positionals, values } = args
  const [command, arg] = positionals
  if (!['create', 'import', 'purge'].includes(command) || !arg || positionals.length > 2) {
    err(USAGE.trimEnd())
    return 2
  }
  if (command !== 'import' && !CUSTOMER_ID.test(arg)) {
    err(`invalid customer id "${arg}": expected ^[a-z0-9][a-z0-9-]{1,62}$`)
    return 2
  }
  if (
    command === 'create' &&
    (values['api-key'] === undefined) !== (values['retrieval-password'] === undefined)
  ) {
    err('--api-key and --retrieval-password go together: give both, or neither to generate new ones')
    return 2
  }
  let text = ''
  if (command === 'import') {
    try {
      text = readFileSync(arg, 'utf8')
    } catch (e) {
      err(`cannot read ${arg}: ${(e as Error).message}`)
      return 2
    }
  }
  // Logs go to stderr so that --json output on stdout stays machine-readable.
  const env = await buildNodeEnv({ log: jsonLogger((l) => process.stderr.write(l + '\n'), 'warn') })
  try {
    if (command === 'create') return await create(env, arg, values)
    if (command === 'import') return await importFile(env, arg, text, values.apply)
    return await purge(env, arg, values.yes)
  } catch (e) {
    if (e instanceof HttpError) {
      err(e.message)
      return 1
    }
    throw e
  } finally {
    env.db.close()
  }
}

async function create(
  env: Env,
  customerId: string,
  values: {
    name?: string
    domain?: string
    json?: boolean
    'api-key'?: string
    'retrieval-password'?: string
  },
): Promise<number> {
  const apiKey = values['api-key']
  const carried =
    apiKey === undefined ? undefined : { apiKey, retrievalPassword: values['retrieval-password']! }
  const creds = await createManagedCustomer(env, {
    customerId,
    displayName: values.name ?? '',
    domain: values.domain ?? '',
    carried,
  })
  if (values.json) out(JSON.stringify(creds))
  else if (carried)
    out(
      [
        `Created managed customer ${customerId} with the API key and retrieval password its controller holds.`,
        `The controller fetches its config from ${env.config.server.public_url}/api/v1/config/${customerId}`,
      ].join('\n'),
    )
  else
    out(
      [
        `Created managed customer ${customerId}.`,
        `API key:            ${creds.api_key}`,
        `Retrieval password: ${creds.retrieval_password}`,
        'Both are shown only now; the dashboard can reveal them later.',
        `The controller fetches its config from ${env.config.server.public_url}/api/v1/config/${customerId}`,
      ].join('\n'),
    )
  return 0
}

const LABEL: Record<PlanItem['action'], string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  refused: 'REFUSED',
}

async function importFile(env: Env, file: string, text: string, apply: boolean): Promise<number> {
  let entries
  try {
    entries = parseImportFile(text)
  } catch (e) {
    err(`${file}: ${(e as Error).message}`)
    return 2
  }
  const result = await importCarriedCustomers(env, entries, { apply })
  for (const i of result.items)
    out(`${LABEL[i.action].padEnd(10)} ${i.customerId.padEnd(24)} ${i.detail.join('; ')}`.trimEnd())
  const n = tally(result.items)
  const counts = `${n.create} to create, ${n.update} to update, ${n.unchanged} unchanged, ${n.refused} refused`
  if (n.refused > 0) {
    out(
      `${counts}. Nothing written: fix or remove the refused entries${apply ? '' : ', then run with --apply'}.`,
    )
    return 1
  }
  if (n.create + n.update === 0)
    out(`Nothing to change: all ${n.unchanged} customers are already as ${file} says.`)
  else if (!apply) out(`Dry run: ${counts}. Nothing written; run again with --apply to write.`)
  else out(`Applied: ${n.create} created, ${n.update} updated, ${n.unchanged} unchanged (skipped).`)
  return 0
}

const describeHoldings = (h: Holdings) =>
  Object.entries(h)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ')

async function purge(env: Env, customerId: string, yes: boolean): Promise<number> {
  const held = await customerHoldings(env.db, customerId)
  if (total(held) === 0) {
    out(`The hub holds nothing for ${customerId}.`)
    return 0
  }
  if (!yes) {
    out(`Would erase everything the hub holds for ${customerId}: ${describeHoldings(held)} (rows).`)
    out('Nothing erased: run again with --yes to purge. This cannot be undone.')
    return 1
  }
  const erased = await purgeCustomer(env.db, customerId)
  env.log.info('customer purged', { customer_id: customerId, erased })
  out(`Purged ${customerId}: ${describeHoldings(erased)} (rows).`)
  return 0
}

main().then(
  (code) => process.exit(code),
  (e) => {
    err(e instanceof ConfigError ? `felhom-hub: ${e.message}` : `error: ${(e as Error).stack}`)
    process.exit(1)
  },
)
