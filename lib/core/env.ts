// The one object every handler and job receives. Built by the runtime entry (bin/server.ts for
// Node, worker/index.ts for workerd) and by tests (test/support/env.ts).
import type { Client } from '@libsql/client'
import type { Clock } from './clock.js'
import type { HubConfig } from './config.js'
import type { Secrets } from './crypto.js'
import type { Logger } from './log.js'
import type { Metrics } from '../observability/metrics.js'
import type { GroupCommit } from '../store/group-commit.js'
import type { ReportRow } from '../store/reports.js'
import type { VolumeReading } from '../store/volume-readings.js'

export interface Env {
  config: HubConfig
  db: Client
  clock: Clock
  secrets: Secrets
  log: Logger
  /** Outbound HTTP (controllers, Gitea, Resend); tests may wrap it. */
  fetch: typeof fetch
  /** Runs work after the response (Node: tracked until shutdown; workerd: ctx.waitUntil). */
  defer(task: Promise<unknown>): void
  metrics: Metrics
  /**
   * Where reports are written: the Node entry groups concurrent reports into one transaction
   * (lib/store/group-commit.ts); the Worker commits each on its own.
   */
  reports: GroupCommit<ReportRow>
  /** Digests of configured tokens (global key, cron, metrics), cached per process: lib/auth/api-key.ts. */
  tokenDigests: Map<string, Promise<string>>
  /**
   * Per customer, the hour (since the epoch) this process last sent disk readings to the store
   * (lib/reports/ingest.ts): disk_usage keeps at most one row per hour, so a later report of the
   * same hour carries none and its group is spared the statement. Absent: every report carries them.
   */
  diskUsageHours?: Map<string, number>
  /**
   * Resolves a host name to its addresses, so calls to controllers can refuse private targets
   * after DNS too. Node provides it; in workerd it is absent (and private networks unreachable).
   */
  resolveHost?: (hostname: string) => Promise<string[]>
  /**
   * fetch for calls to controllers when private addresses are not allowed: Node passes one whose
   * connections refuse non-public addresses at connect time (DNS rebinding). Else env.fetch.
   */
  controllerFetch?: typeof fetch
  /**
   * Deadline for each call to a controller, DNS to last body byte (lib/controller/call.ts); absent
   * = 10 s. Tests that exercise a controller that never answers set a short one.
   */
  controllerTimeoutMs?: number
  /**
   * deflate-raw for the report hot path. Node passes native zlib on its thread pool (off the event
   * loop); elsewhere lib/core/crypto.ts's JS implementation is used. Same format either way, with
   * or without a preset dictionary (lib/store/report-codec.ts).
   */
  deflate?: (data: Uint8Array, dictionary?: Uint8Array) => Promise<Uint8Array>
  /**
   * Writes tonight's database snapshot on the hub's own volume and rotates old ones (the volume
   * is ReadWriteOncePod, so no other pod can). Node with the embedded file only; absent elsewhere.
   */
  snapshot?: () => Promise<Record<string, unknown>>
  /**
   * What the hub's own volume holds (statfs on the data directory, hub.db, WAL, snapshots): the
   * volume-watch job and the scrape gauges. Node with the embedded file only; absent elsewhere.
   */
  volume?: () => Promise<VolumeReading>
}
