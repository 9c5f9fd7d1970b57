// Status badges: one colour per status, the same everywhere (fleet, customer list, detail page).
import type { Status } from '../../lib/reports/status.js'

export const STATUS_LABEL: Record<Status, string> = {
  ok: 'OK',
  warn: 'WARN',
  down: 'DOWN',
  disabled: 'DISABLED',
  pending: 'PENDING',
  blocked: 'BLOCKED',
}

export function StatusBadge({ status }: { status: Status }) {
  return <span class={`badge badge-${status}`}>{STATUS_LABEL[status]}</span>
}

/** A small neutral tag (MANAGED, MANUAL, a severity, a result). */
export function Tag({ kind, children }: { kind: string; children: string }) {
  return <span class={`tag tag-${kind}`}>{children}</span>
}
