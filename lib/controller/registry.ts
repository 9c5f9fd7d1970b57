// The controller image's newest release in Gitea's OCI registry (docs/api.md §5), and where the
// registry-check job keeps it for the dashboard.
import semver from 'semver'
import type { HubConfig } from '../core/config.js'
import type { Env } from '../core/env.js'
import { fetchText, OutboundError } from '../core/outbound.js'
import { getState } from '../store/hub-state.js'

export const REGISTRY_STATE_KEY = 'registry_latest_tag'

export interface LatestTag {
  tag: string
  version: string
  checked_at: string
}

/** The newest release tag the last successful registry-check found, or null. */
export async function latestKnownVersion(env: Env): Promise<LatestTag | null> {
  const state = await getState(env.db, REGISTRY_STATE_KEY)
  if (!state) return null
  try {
    const v = JSON.parse(state.value) as LatestTag
    return typeof v.version === 'string' && typeof v.tag === 'string' ? v : null
  } catch {
    return null
  }
}

/** The newest `v1.2.3` / `1.2.3` tag; prereleases and anything that is not semver are ignored. */
export function newestRelease(tags: string[]): { tag: string; version: string } | null {
  return newestReleases(tags, 1)[0] ?? null
}

/** The `n` newest release tags, newest first (one per version: `v1.2.3` and `1.2.3` are one). */
export function newestReleases(tags: string[], n: number): { tag: string; version: string }[] {
  const byVersion = new Map<string, { tag: string; version: string }>()
  for (const tag of tags) {
    if (!/^v?\d+\.\d+\.\d+(\+[\w.-]+)?$/.test(tag)) continue
    const version = semver.valid(tag)
    if (!version || semver.prerelease(version) || byVersion.has(version)) continue
    byVersion.set(version, { tag, version })
  }
  return [...byVersion.values()].sort((a, b) => semver.rcompare(a.version, b.version)).slice(0, n)
}

/** Where registry-check keeps the newest releases, for the rollout form's choice of version. */
export const REGISTRY_RELEASES_KEY = 'registry_releases'
export const KEPT_RELEASES = 10

/** The releases the last registry check found, newest first; at least the latest known one. */
export async function knownReleases(env: Env): Promise<string[]> {
  const [state, latest] = await Promise.all([
    getState(env.db, REGISTRY_RELEASES_KEY),
    latestKnownVersion(env),
  ])
  let versions: string[] = []
  try {
    const parsed: unknown = state ? JSON.parse(state.value) : []
    if (Array.isArray(parsed))
      versions = parsed.filter((v): v is string => typeof v === 'string' && semver.valid(v) !== null)
  } catch {
    // an unreadable list: the latest known version alone
  }
  if (latest && !versions.includes(latest.version)) versions.unshift(latest.version)
  return versions.sort(semver.rcompare)
}

/** registry.url (or https://<host of registry.image>) and the repository path within it. */
export function registryTarget(config: HubConfig['registry']): { base: string; repository: string } {
  const [host, ...rest] = config.image.replace(/^[a-z]+:\/\//i, '').split('/')
  const repository = rest.join('/').replace(/:[^/]*$/, '')
  return { base: (config.url || `https://${host}`).replace(/\/+$/, ''), repository }
}

export interface TagListOptions {
  timeoutMs: number
  maxPages: number
}

const MAX_PAGE_BYTES = 1024 * 1024

/**
 * All tags of the repository, following `Link: <…>; rel="next"` up to `maxPages`. On 401 with a
 * Bearer challenge it fetches a token from the realm and retries (the Docker token flow).
 */
export interface TagList {
  tags: string[]
  pages: number
  truncated: boolean
}

export async function listTags(env: Env, opts: TagListOptions): Promise<TagList> {
  const cfg = env.config.registry
  const { base, repository } = registryTarget(cfg)
  if (!repository) throw new OutboundError(`registry.image "${cfg.image}" names no repository`)
  let url = `${base}/v2/${repository}/tags/list`
  let token: string | null = null
  const tags: string[] = []
  const limits = { timeoutMs: opts.timeoutMs, maxBytes: MAX_PAGE_BYTES }
  const get = () => fetchText(env, url, { headers: bearer(token) }, limits)
  for (let page = 1; page <= opts.maxPages; page++) {
    let res = await get()
    if (res.status === 401) {
      token = await fetchToken(env, base, res.headers.get('www-authenticate'), opts.timeoutMs)
      res = await get()
    }
    if (res.status !== 200) throw new OutboundError(`tags list answered ${res.status}`)
    let body: { tags?: unknown }
    try {
      body = JSON.parse(res.text)
    } catch {
      throw new OutboundError('tags list is not JSON')
    }
    if (Array.isArray(body.tags)) tags.push(...body.tags.filter((t): t is string => typeof t === 'string'))
    const next = nextLink(res.headers.get('link'))
    if (!next) return { tags, pages: page, truncated: false }
    const nextUrl = new URL(next, res.url)
    // The Bearer token is for this registry: a next link elsewhere is not followed.
    if (nextUrl.origin !== new URL(base).origin) throw new OutboundError('tags list links to another origin')
    url = nextUrl.toString()
  }
  return { tags, pages: opts.maxPages, truncated: true }
}

const bearer = (token: string | null): Record<string, string> =>
  token ? { Authorization: `Bearer ${token}` } : {}

function nextLink(link: string | null): string | null {
  const m = link && /<([^>]+)>\s*;[^,]*\brel="?next"?/i.exec(link)
  return m ? m[1] : null
}

/** `Bearer realm="…",service="…",scope="…"` → its parameters. */
export function parseChallenge(header: string | null): Record<string, string> | null {
  if (!header || !/^Bearer\s/i.test(header)) return null
  const params: Record<string, string> = {}
  for (const m of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params[m[1].toLowerCase()] = m[2]
  return params.realm ? params : null
}

async function fetchToken(env: Env, base: string, challenge: string | null, timeoutMs: number) {
  const params = parseChallenge(challenge)
  if (!params) throw new OutboundError('registry answered 401 without a Bearer challenge')
  const realm = new URL(params.realm, base)
  if (params.service) realm.searchParams.set('service', params.service)
  if (params.scope) realm.searchParams.set('scope', params.scope)
  // The registry credentials go only to a realm on the registry's own origin: a challenge cannot
  // make the hub send them elsewhere. (Gitea's realm is always its own /v2/token.)
  const { username, token } = env.config.registry
  const headers: Record<string, string> = {}
  if ((username || token) && realm.origin === new URL(base).origin) {
    headers.Authorization = `Basic ${btoa(`${username}:${token}`)}`
  }
  const res = await fetchText(env, realm.toString(), { headers }, { timeoutMs, maxBytes: 64 * 1024 })
  if (res.status !== 200) throw new OutboundError(`token endpoint answered ${res.status}`)
  let body: { token?: unknown; access_token?: unknown }
  try {
    body = JSON.parse(res.text)
  } catch {
    throw new OutboundError('token endpoint answer is not JSON')
  }
  const t = typeof body.token === 'string' && body.token ? body.token : body.access_token
  if (typeof t !== 'string' || !t) throw new OutboundError('token endpoint answered without a token')
  return t
}
