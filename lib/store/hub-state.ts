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

const HUB_STARTED_AT = 'hub_started_at'

/** Recorded by the server at boot: staleness counts a node's silence only from here. */
export async function markHubStarted(db: Client, now: number): Promise<void> {
  await setState(db, HUB_STARTED_AT, String(now), now)
}

/** When the hub last started, or 0 when no entry has recorded it (tests, the Worker). */
export async function hubStartedAt(db: Client): Promise<number> {
  return Number((await getState(db, HUB_STARTED_AT))?.value ?? 0)
}
