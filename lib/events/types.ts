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
  // Fleet-wide (customer_id NULL): the hub's own volume is 85% full or predicted full in 14 days.
  hub_volume_filling: 'warning',
} as const

export type ControllerEventType = (typeof CONTROLLER_EVENT_TYPES)[number]
export type HubEventType = keyof typeof HUB_EVENT_SEVERITY
export type EventType = ControllerEventType | HubEventType
export type Severity = 'info' | 'warning' | 'error'

export const HUB_EVENT_TYPES = Object.keys(HUB_EVENT_SEVERITY) as HubEventType[]
export const ALL_EVENT_TYPES: EventType[] = [...CONTROLLER_EVENT_TYPES, ...HUB_EVENT_TYPES]
export const SEVERITIES: Severity[] = ['info', 'warning', 'error']

export const isControllerEventType = (t: string): t is ControllerEventType =>
  (CONTROLLER_EVENT_TYPES as readonly string[]).includes(t)
export const isHubEventType = (t: string): t is HubEventType => t in HUB_EVENT_SEVERITY
