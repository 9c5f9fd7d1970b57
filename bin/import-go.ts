// `npm run import-go -- <path to the Go hub.db> [--apply]`: brings over what the Go hub's database
// holds (docs/migrating-from-go.md). A dry run unless --apply; the apply is one transaction.
import { parseCommandLine } from '../lib/node/command-line.js'
import { ConfigError } from '../lib/core/config.js'
import { runGoImport, GoImportError, type GoImportResult, type TableResult } from '../lib/go-import/run.js'
import { jsonLogger } from '../lib/core/log.js'
import { buildNodeEnv } from '../lib/node/bootstrap.js'
import { databaseUrl } from '../lib/node/db.js'
import { openGoDatabase } from '../lib/node/go-database.js'

const USAGE = 'usage: npm run import-go -- <path to the Go hub.db> [--apply]\n'
const out = (s = '') => process.stdout.write(s + '\n')

async function main(): Promise<number> {
  const args = parseCommandLine(
    { allowPositionals: true, options: { apply: { type: 'boolean', default: false } } },
    USAGE,
  )
  if (!args) return 2
  const { positionals, values } = args
  if (positionals.length !== 1) {
    process.stderr.write(USAGE)
    return 2
  }
  const [path] = positionals
  let source
  try {
    source = openGoDatabase(path)
  } catch (err) {
    process.stderr.write(`cannot open ${path} read-only: ${(err as Error).message}\n`)
    return 2
  }
  const env = await buildNodeEnv({ log: jsonLogger((l) => process.stderr.write(l + '\n'), 'warn') })
  try {
    out(`Go hub database: ${path} (read-only)`)
    out(`Into:            ${databaseUrl(env.config)}`)
    const result = await runGoImport(env, source, { apply: values.apply })
    // Fold the import into the database file now rather than leave it in the WAL (close() does not).
    if (result.applied) await env.db.execute('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => {})
    report(result)
    if (result.refused.length > 0) {
      out()
      out('Refused customers (nothing is written until they are fixed in the Go database or left out):')
      for (const r of result.refused) out(`  ${r.customerId || '(empty id)'}: ${r.reasons.join('; ')}`)
      return 1
    }
    out()
    const imported = result.tables.reduce((n, t) => n + t.imported, 0)
    if (imported === 0) out('Nothing to import: everything is already here. Nothing written.')
    else if (result.applied) out(`Applied in one transaction: ${imported} rows imported.`)
    else out(`Dry run: ${imported} rows would be imported. Nothing written; run again with --apply.`)
    return 0
  } catch (err) {
    if (err instanceof GoImportError) {
      process.stderr.write(`import-go: ${err.message}\n`)
      return 1
    }
    throw err
  } finally {
    source.close()
    env.db.close()
  }
}

function report(result: GoImportResult) {
  for (const t of result.tables) {
    out()
    const { check } = t
    out(`${check.table.table}: ${check.table.what}`)
    if (!check.present) {
      out('  not in this file: nothing to import')
      continue
    }
    out(`  ${check.rows} rows; ${summary(t, result.applied)}`)
    for (const c of check.mapped) out(`  maps     ${c.column} → ${c.to}`)
    for (const c of check.dropped) out(`  drops    ${c.column} (${c.why})`)
    for (const c of check.unknown) out(`  ignores  ${c} (no counterpart in this hub)`)
    for (const [reason, n] of Object.entries(t.skipped)) out(`  skips    ${n} row(s): ${reason}`)
    for (const note of t.notes) out(`  note     ${note}`)
  }
  if (result.otherTables.length > 0) {
    out()
    out(`Not read: ${result.otherTables.join(', ')} (nothing in them has a place in this hub)`)
  }
}

function summary(t: TableResult, applied: boolean): string {
  const skipped = Object.values(t.skipped).reduce((a, b) => a + b, 0)
  return `${t.imported} ${applied ? 'imported' : 'to import'}, ${t.unchanged} already here, ${skipped} skipped`
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
