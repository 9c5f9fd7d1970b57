// `npm run import-go -- <hub.db> [--apply]`: the Go hub's database into this hub's.
//
// 1. Check the file: it must be the Go hub's (customer_configs without this hub's digests) and
//    every table present must have the columns the import needs; otherwise refuse, naming them.
// 2. Read each table row by row into outcomes (lib/go-import/customers.ts, history.ts).
// 3. Dry run: count them per table. Apply: write every statement in ONE transaction, in table
//    order (customers before what refers to them), or nothing when a customer is refused or
//    anything fails. Every row carries a key that a second run finds, so it changes nothing.
import type { InStatement, Transaction } from '@libsql/client'
import type { Env } from '../core/env.js'
import { customersStep, preferencesStep } from './customers.js'
import { eventsStep, infraBackupsStep, notificationLogStep, reportsStep } from './history.js'
import { checkColumns, GO_TABLES, type ColumnCheck } from './mapping.js'
import type { GoSource } from './source.js'
import type { Step } from './step.js'

const STEPS: Record<string, Step> = {
  customer_configs: customersStep,
  customer_notifications: preferencesStep,
  infra_backups: infraBackupsStep,
  reports: reportsStep,
  events: eventsStep,
  notification_log: notificationLogStep,
}

export class GoImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GoImportError'
  }
}

export interface TableResult {
  check: ColumnCheck
  imported: number
  unchanged: number
  skipped: Record<string, number>
  notes: string[]
}

export interface GoImportResult {
  tables: TableResult[]
  /** Tables of the file the import does not read. */
  otherTables: string[]
  refused: { customerId: string; reasons: string[] }[]
  applied: boolean
}

/** Statements per write: bounded memory however large the Go file is. */
const CHUNK = 500

export async function runGoImport(
  env: Env,
  source: GoSource,
  opts: { apply: boolean },
): Promise<GoImportResult> {
  // 1. What the file is and whether every present table has what the import needs.
  const customerColumns = source.columns('customer_configs')
  if (customerColumns === null)
    throw new GoImportError('no customer_configs table: this is not the Go hub’s database')
  if (customerColumns.includes('api_key_digest') || source.columns('schema_migrations'))
    throw new GoImportError('this is a felhom-hub (TypeScript) database, not the Go hub’s: nothing to import')
  const checks = GO_TABLES.map((t) => {
    const columns = source.columns(t.table)
    return checkColumns(t, columns, columns === null ? 0 : source.count(t.table))
  })
  const missing = checks.filter((c) => c.missing.length > 0)
  if (missing.length > 0) {
    const list = missing.map((c) => `${c.table.table}: ${c.missing.join(', ')}`).join('; ')
    throw new GoImportError(`the Go database lacks columns the import needs (${list}); nothing imported`)
  }
  const read = new Set(GO_TABLES.map((t) => t.table))
  const otherTables = source.tables().filter((t) => !read.has(t))

  // 2. and 3. One pass over every table; the transaction only once no customer is refused.
  const now = env.clock.now().getTime()
  const result: GoImportResult = { tables: [], otherTables, refused: [], applied: false }
  let tx: Transaction | null = null
  let pending: InStatement[] = []
  let first = true
  const flush = async () => {
    if (!tx) return
    if (pending.length > 0) await tx.batch(pending)
    pending = []
  }
  try {
    for (const check of checks) {
      const table: TableResult = { check, imported: 0, unchanged: 0, skipped: {}, notes: [] }
      result.tables.push(table)
      if (!check.present) continue
      for await (const o of STEPS[check.table.table]({ env, source, check, now })) {
        if (o.kind === 'refused') result.refused.push({ customerId: o.customerId, reasons: o.reasons })
        else if (o.kind === 'unchanged') table.unchanged++
        else if (o.kind === 'skip') table.skipped[o.reason] = (table.skipped[o.reason] ?? 0) + 1
        else if (o.kind === 'note') table.notes.push(o.text)
        if (o.kind === 'import') table.imported++
        if ((o.kind === 'import' || o.kind === 'note') && o.statements && (tx || first)) {
          pending.push(...o.statements)
          if (pending.length >= CHUNK) await flush()
        }
      }
      // Customers come first (a handful of rows, held until here): with one refused, the apply
      // stops before it writes anything and the rest is a dry run.
      if (first) {
        first = false
        if (opts.apply && result.refused.length === 0) tx = await env.db.transaction('write')
        if (tx) await flush()
        else pending = []
      }
    }
    if (tx) {
      await flush()
      await tx.commit()
      result.applied = true
      env.log.info('Go database imported', {
        tables: Object.fromEntries(result.tables.map((t) => [t.check.table.table, t.imported])),
      })
    }
    return result
  } finally {
    tx?.close()
  }
}
