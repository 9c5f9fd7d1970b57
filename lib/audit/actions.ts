// The operator actions the audit log knows. A route is audited by naming its action in
// functions/routes.ts (`audited('block')`); the names are typed, so a misspelt one does not compile.
export const AUDIT_ACTIONS = [
  // Signing in and out, and the second factor.
  'login',
  'second_factor',
  'recovery_code',
  'logout',
  'totp_enrol_start',
  'totp_enrol',
  'totp_remove',
  'totp_reset',
  'recovery_codes_regenerate',
  'session_revoke',
  // Customers and their controllers.
  'block',
  'unblock',
  'delete',
  'purge',
  'config_create',
  'config_edit',
  'push_config',
  'pull_config',
  'trigger_update',
  'reveal_credentials',
  // Fleet operations and on-call (their routes name these).
  'rollout_start',
  'rollout_halt',
  'rollout_resume',
  'rollout_abort',
  'rollout_skip',
  'queue_action',
  'queue_cancel',
  'monthly_report_subscription',
  'restore_drill',
  'maintenance_set',
  'maintenance_cancel',
  'acknowledge',
  'channel_test',
] as const

export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** ok: done; refused: not allowed or not valid (nothing changed); error: it failed on the way. */
export type AuditOutcome = 'ok' | 'refused' | 'error'

export const isAuditAction = (v: string): v is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(v)

/** What a request carries for the audit log while it is handled (functions/audit.ts records it). */
export interface AuditMark {
  action: AuditAction
  /** Set by a handler that knows better than its response's status. */
  outcome?: AuditOutcome
  error?: string
  detail?: string
  /** The session that acted, when it is not the request's own (the one a sign-in just started). */
  sessionId?: string
  /** The customer acted on, when the path's :id does not say it (a form field, a JSON body). */
  customerId?: string | null
  /** The message the response carried back to the operator, if any (redirectWithFlash). */
  flash?: { kind: 'ok' | 'error'; text: string }
}
