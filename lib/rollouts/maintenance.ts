// The maintenance predicate rollouts use: the one place it is wired. A node in a maintenance
// window (its own or the fleet's, lib/oncall/maintenance.ts) is not updated by a rollout.
import { maintenanceAt } from '../oncall/maintenance.js'
import type { MaintenancePredicate } from './eligibility.js'

export const neverInMaintenance: MaintenancePredicate = async () => false

export const inMaintenanceWindow: MaintenancePredicate = async (env, customerId, now) =>
  (await maintenanceAt(env, customerId, now.getTime())) !== null

export const rolloutMaintenance: MaintenancePredicate = inMaintenanceWindow
