// "Update available": the newest controller release the registry check has seen, compared with
// the version a controller reports.
import semver from 'semver'

/** True when `latest` is newer than `reported`; an unparsable or unknown version is never "older". */
export function updateAvailable(reported: string | null | undefined, latest: string | null | undefined) {
  if (!reported || !latest) return false
  const current = semver.valid(semver.coerce(reported, { includePrerelease: true }))
  const newest = semver.valid(semver.coerce(latest, { includePrerelease: true }))
  return current !== null && newest !== null && semver.gt(newest, current)
}

/** True when `reported` is `target` or newer; an unparsable or unknown version is not. */
export function versionAtLeast(reported: string | null | undefined, target: string) {
  if (!reported) return false
  const current = semver.valid(semver.coerce(reported, { includePrerelease: true }))
  const wanted = semver.valid(semver.coerce(target, { includePrerelease: true }))
  return current !== null && wanted !== null && semver.gte(current, wanted)
}
