// volume_readings: the hub's own volume, one reading per Budapest date (migration 0062).
import type { Client } from '@libsql/client'

/** What the volume holds at one moment, in bytes. */
export interface VolumeReading {
  /** Bytes in use on the file system holding the data directory. */
  usedBytes: number
  sizeBytes: number
  databaseBytes: number
  walBytes: number
  snapshotBytes: number
}

export interface StoredReading extends VolumeReading {
  date: string
  takenAt: number
}

/** Today's reading: the first of a date is stored, each later one replaces it. */
export async function saveReading(
  db: Client,
  date: string,
  takenAt: number,
  r: VolumeReading,
): Promise<void> {
  await db.execute({
    sql: `INSERT INTO volume_readings (date, taken_at, used_bytes, size_bytes, database_bytes, wal_bytes, snapshot_bytes)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (date) DO UPDATE SET taken_at = excluded.taken_at, used_bytes = excluded.used_bytes,
            size_bytes = excluded.size_bytes, database_bytes = excluded.database_bytes,
            wal_bytes = excluded.wal_bytes, snapshot_bytes = excluded.snapshot_bytes`,
    args: [date, takenAt, r.usedBytes, r.sizeBytes, r.databaseBytes, r.walBytes, r.snapshotBytes],
  })
}

/** The latest `days` readings, oldest first. */
export async function latestReadings(db: Client, days: number): Promise<StoredReading[]> {
  const rs = await db.execute({
    sql: 'SELECT * FROM (SELECT * FROM volume_readings ORDER BY date DESC LIMIT ?) ORDER BY date',
    args: [days],
  })
  return rs.rows.map((r) => ({
    date: String(r.date),
    takenAt: Number(r.taken_at),
    usedBytes: Number(r.used_bytes),
    sizeBytes: Number(r.size_bytes),
    databaseBytes: Number(r.database_bytes),
    walBytes: Number(r.wal_bytes),
    snapshotBytes: Number(r.snapshot_bytes),
  }))
}

/** Readings older than `date` (YYYY-MM-DD) go: the forecast reads two weeks. */
export async function deleteReadingsBefore(db: Client, date: string): Promise<number> {
  const rs = await db.execute({ sql: 'DELETE FROM volume_readings WHERE date < ?', args: [date] })
  return rs.rowsAffected
}
