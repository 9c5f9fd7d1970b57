// The table cells the fleet and the customers page share: who the customer is, and which
// controller it runs. Both tables stack on a phone (.table-stack): the customer cell is the
// row's title line.
import { Tag } from './badge.js'

export interface CustomerCellProps {
  customerId: string
  displayName: string
  /** Shown beside the id when the table has no column of its own for it. */
  configType?: 'managed' | 'manual'
}

export function CustomerCell(p: CustomerCellProps) {
  return (
    <td class="cell-title" data-label="Customer">
      <a href={`/customers/${p.customerId}`} class="strong">
        {p.displayName}
      </a>
      <div class="sub">
        {p.customerId}
        {p.configType ? (
          <>
            {' · '}
            <Tag kind={p.configType}>{p.configType.toUpperCase()}</Tag>
          </>
        ) : null}
      </div>
    </td>
  )
}

export function ControllerCell(p: { version: string | null; updateAvailable: boolean }) {
  return (
    <td data-label="Controller">
      {p.version ?? '—'}
      {p.updateAvailable ? <span class="update-pill">update available</span> : null}
    </td>
  )
}
