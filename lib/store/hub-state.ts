// hub_state: small named values (the cached template, the newest registry tag).
import type { Client } from '@libsql/client'

export async function getState(
  db: Client,
  key: string,
): Promise<{ value: string; updatedAt: number } | null> {
  const rs = await db.execute({ sql: 'SELECT value, updated_at FROM hub_state WHERE key = ?', args: [key] })
  const r = rs.rows[0]
  return r ? { value: String(r.value), updatedAt: Number(r.updated_at) } : null
}

export async function setState(db: Client, key: string, value: string, now: number): Promise<void> {
  await db.execute({
    sql: `INSERT INTO hub_state (key, value, updated_at) VALUES (?, ?, ?)
          ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    args: [key, value, now],
  })
}
