// The 27 event types a controller may send, and the hub's own.
export const CONTROLLER_EVENT_TYPES = [
  'backup_completed',
  'backup_failed',
  'backup_partial',
  'dbdump_completed',
  'dbdump_failed',
  'crossdrive_backup_completed',
  'crossdrive_backup_failed',
  'backup_check_failed',
  'restore_completed',
  'restore_failed',
  'infra_backup_failed',
  'disk_space_warning',
  'disk_space_critical',
  'smart_warning',
  'smart_failure',
  'drive_missing',
  'high_temperature',
  'system_reboot',
  'container_unhealthy',
  'container_restart_loop',
  'app_installed',
  'app_removed',
  'controller_started',
  'controller_updated',
  'controller_update_failed',
  'config_applied',
  'config_apply_failed',
] as const

export const HUB_EVENT_SEVERITY = {
  node_stale: 'warning',
  node_down: 'error',
  node_recovered: 'info',
  expected_backup_missed: 'warning',
  expected_dbdump_missed: 'warning',
  // A maintenance window ended with the node still stale or down (lib/oncall/maintenance-end.ts).
  maintenance_ended_down: 'warning',
  // Fleet operations (#11): operator-only, see OPERATOR_ONLY_EVENT_TYPES.
  config_drift: 'warning',
  config_drift_resolved: 'info',
  rollout_halted: 'error',
  rollout_completed: 'info',
  // Households (#13): a mount predicted full within 14 days; a customer no longer ready for a restore.
  disk_full_forecast: 'warning',
  dr_not_ready: 'warning',
  // Fleet-wide (customer_id NULL): the hub's own volume is 85% full or predicted full in 14 days.
  hub_volume_filling: 'warning',
} as const

export type ControllerEventType = (typeof CONTROLLER_EVENT_TYPES)[number]
export type HubEventType = keyof typeof HUB_EVENT_SEVERITY
export type EventType = ControllerEventType | HubEventType
export type Severity = 'info' | 'warning' | 'error'

export const HUB_EVENT_TYPES = Object.keys(HUB_EVENT_SEVERITY) as HubEventType[]
export const ALL_EVENT_TYPES: EventType[] = [...CONTROLLER_EVENT_TYPES, ...HUB_EVENT_TYPES]
/**
 * Hub types no customer can choose: rollouts and the hub's own volume concern the fleet (customer_id
 * null), and a node's
 * config drifting from the hub's is the operator's to fix, with nothing for a household to do.
 */
export const OPERATOR_ONLY_EVENT_TYPES = [
  'config_drift',
  'config_drift_resolved',
  'rollout_halted',
  'rollout_completed',
  'hub_volume_filling',
] as const satisfies readonly HubEventType[]
export type OperatorOnlyEventType = (typeof OPERATOR_ONLY_EVENT_TYPES)[number]
/**
 * Hub types the operator hears of every time, past the operator cooldown: each rollout halt waits
 * for the operator's resume, so one that follows a resume within the hour is news, not a repeat.
 */
export const UNCOOLED_EVENT_TYPES: readonly string[] = ['rollout_halted'] satisfies readonly HubEventType[]
export type CustomerEventType = Exclude<EventType, OperatorOnlyEventType>
/** What a customer may choose in /api/v1/preferences: every type with a Hungarian text. */
export const CUSTOMER_EVENT_TYPES = ALL_EVENT_TYPES.filter(
  (t): t is CustomerEventType => !(OPERATOR_ONLY_EVENT_TYPES as readonly string[]).includes(t),
)
export const SEVERITIES: Severity[] = ['info', 'warning', 'error']

export const isControllerEventType = (t: string): t is ControllerEventType =>
  (CONTROLLER_EVENT_TYPES as readonly string[]).includes(t)
export const isHubEventType = (t: string): t is HubEventType => t in HUB_EVENT_SEVERITY
