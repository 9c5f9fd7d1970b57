// docs/migrating-from-go.md and the import's column map say the same thing.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { GO_TABLES } from '../../../lib/go-import/mapping.js'
import { GO_SCHEMA } from '../../support/go-hub-db.js'

const guide = readFileSync('docs/migrating-from-go.md', 'utf8')
const section = (table: string) => {
  const start = guide.indexOf(`### ${table}\n`)
  expect(start, `a section for ${table}`).toBeGreaterThan(0)
  const end = guide.indexOf('\n### ', start + 1)
  return guide.slice(start, end < 0 ? undefined : end)
}

describe('the Go column map', () => {
  it('is written down in the migration guide, table by table and column by column', () => {
    for (const t of GO_TABLES) {
      const text = section(t.table)
      for (const c of t.columns) {
        const row = text.split('\n').find((l) => l.startsWith('| ') && l.includes(`\`${c.column}\``))
        expect(row, `${t.table}.${c.column}`).toBeDefined()
        if (c.required) expect(row, `${t.table}.${c.column} is required`).toContain('required')
        if (c.to === null) expect(row, `${t.table}.${c.column} is dropped`).toContain('dropped')
      }
    }
  })

  it('knows every column of the fixture Go schema except the ones meant to be unknown', () => {
    for (const t of GO_TABLES) {
      const ddl = GO_SCHEMA[t.table]
      const columns = [...ddl.matchAll(/^\s+([a-z_]+) [A-Z]/gm)].map((m) => m[1])
      const known = new Set(t.columns.map((c) => c.column))
      expect(
        columns.filter((c) => !known.has(c)),
        t.table,
      ).toEqual(t.table === 'customer_configs' ? ['notes'] : [])
    }
  })
})
