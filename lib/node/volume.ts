// Node-only: what the hub's volume holds, from statfs on the data directory and the sizes of
// hub.db, its WAL and the snapshots beside it.
import { readdir, stat, statfs } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { HubConfig } from '../core/config.js'
import type { VolumeReading } from '../store/volume-readings.js'
import { databaseFile } from './snapshot.js'

const sizeOf = (path: string) =>
  stat(path).then(
    (s) => s.size,
    () => 0,
  )

/** Reads the volume of the embedded database; undefined for a libSQL server (no volume of ours). */
export function volumeReader(config: HubConfig): (() => Promise<VolumeReading>) | undefined {
  const file = databaseFile(config)
  if (!file) return undefined
  const dataDir = resolve(config.server.data_dir)
  return async function readVolume() {
    const fs = await statfs(dataDir)
    const sizeBytes = fs.blocks * fs.bsize
    const backups = join(dataDir, 'backups')
    const names = await readdir(backups).catch(() => [] as string[])
    let snapshotBytes = 0
    for (const name of names) snapshotBytes += await sizeOf(join(backups, name))
    return {
      // Blocks reserved for root count as used: the hub cannot write into them.
      usedBytes: sizeBytes - fs.bavail * fs.bsize,
      sizeBytes,
      databaseBytes: await sizeOf(file),
      walBytes: await sizeOf(`${file}-wal`),
      snapshotBytes,
    }
  }
}
