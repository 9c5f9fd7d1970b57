// The maintenance predicate rollouts use: the one place it is wired. Maintenance windows are not
// part of this hub yet, so no node is ever in one; when they are, this constant becomes their
// predicate and nothing else in lib/rollouts/ changes.
import type { MaintenancePredicate } from './eligibility.js'

export const neverInMaintenance: MaintenancePredicate = async () => false

export const rolloutMaintenance: MaintenancePredicate = neverInMaintenance
