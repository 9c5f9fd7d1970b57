// Every 30 minutes: the newest released controller version in Gitea's registry, for the
// dashboard's "update available". A failure keeps the previous value and says why in the summary.
import { iso } from '../lib/core/clock.js'
import type { Env } from '../lib/core/env.js'
import { errorFields } from '../lib/core/log.js'
import { OutboundError } from '../lib/core/outbound.js'
import {
  KEPT_RELEASES,
  listTags,
  newestReleases,
  REGISTRY_RELEASES_KEY,
  REGISTRY_STATE_KEY,
  type LatestTag,
  type TagList,
  type TagListOptions,
} from '../lib/controller/registry.js'
import { setState } from '../lib/store/hub-state.js'

export type RegistryCheckSummary =
  | { ok: true; tag: string; version: string; tags_seen: number; pages: number; truncated: boolean }
  | { ok: false; error: string }

const DEFAULTS: TagListOptions = { timeoutMs: 10_000, maxPages: 20 }

export async function checkRegistry(
  env: Env,
  opts: Partial<TagListOptions> = {},
): Promise<RegistryCheckSummary> {
  let listed: TagList
  try {
    listed = await listTags(env, { ...DEFAULTS, ...opts })
  } catch (err) {
    // Only our own messages reach the summary; anything else is logged and summarised generically.
    if (!(err instanceof OutboundError)) env.log.warn('registry-check failed', errorFields(err))
    return { ok: false, error: err instanceof OutboundError ? err.message : 'unexpected error (see log)' }
  }
  const releases = newestReleases(listed.tags, KEPT_RELEASES)
  const newest = releases[0]
  if (!newest) return { ok: false, error: `no release tags among ${listed.tags.length} tags` }
  const now = env.clock.now()
  const value: LatestTag = { tag: newest.tag, version: newest.version, checked_at: iso(now) }
  await setState(env.db, REGISTRY_STATE_KEY, JSON.stringify(value), now.getTime())
  // The newest few, for the rollout form (a rollout may pin an older release than the newest).
  const versions = JSON.stringify(releases.map((r) => r.version))
  await setState(env.db, REGISTRY_RELEASES_KEY, versions, now.getTime())
  const { tags, pages, truncated } = listed
  return { ok: true, ...newest, tags_seen: tags.length, pages, truncated }
}
