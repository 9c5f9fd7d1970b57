// One table of the Go database, read row by row into outcomes. The dry run counts them; the
// apply writes their statements, all steps in one transaction (lib/go-import/run.ts).
import type { InStatement } from '@libsql/client'
import type { Env } from '../core/env.js'
import type { ColumnCheck } from './mapping.js'
import type { GoSource } from './source.js'

export type Outcome =
  | { kind: 'import'; statements: InStatement[] }
  | { kind: 'unchanged' }
  | { kind: 'skip'; reason: string }
  /** A customer the import will not take as it is: the whole apply is refused. */
  | { kind: 'refused'; customerId: string; reasons: string[] }
  /** Something worth a line in the report besides the counts. */
  | { kind: 'note'; text: string; statements?: InStatement[] }

export interface StepContext {
  env: Env
  source: GoSource
  check: ColumnCheck
  /** The time of the import: retention windows are counted back from it. */
  now: number
}

export type Step = (ctx: StepContext) => AsyncIterable<Outcome>

/** The mapped columns the file has, to select. */
export const selected = (check: ColumnCheck) => check.mapped.map((c) => c.column)

export const DAY = 86_400_000
