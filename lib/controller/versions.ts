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
