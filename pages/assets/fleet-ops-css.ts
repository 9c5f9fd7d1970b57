// Styles of the fleet-operations views (rollouts, drift, queued actions), served after HUB_CSS by
// GET /assets/hub.css. Kept apart so the shared stylesheet stays as it is.
export const FLEET_OPS_CSS = `
.section-gap-bottom { margin-bottom: 16px; }
.table-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; border-radius: 10px; }
.rstate, .nstate, .qstate { display: inline-block; font-size: 11px; font-weight: 700; letter-spacing: .5px; text-transform: uppercase; padding: 2px 8px; border-radius: 999px; background: var(--gray-bg); color: var(--gray); white-space: nowrap; }
.rstate-running, .rstate-wave-running, .rstate-wave-soaking, .nstate-triggering, .nstate-sent, .qstate-pending, .qstate-running, .qstate-retry { background: #e3ecff; color: #2451a6; }
.rstate-halted, .nstate-failed, .qstate-failed, .qstate-unconfirmed, .qstate-expired { background: var(--down-bg); color: var(--down); }
.rstate-done, .rstate-wave-passed, .nstate-passed, .qstate-done { background: var(--ok-bg); color: var(--ok); }
.nstate-skipped, .qstate-cancelled { background: var(--warn-bg); color: var(--warn); }
.title-row h1 { overflow-wrap: anywhere; }
.banner-halted { background: var(--down-bg); border: 1px solid #f3b7b4; color: #7d1515; padding: 10px 14px; border-radius: 8px; margin-bottom: 16px; }
.banner-halted .sub-banner { font-size: 13px; margin-top: 4px; color: #8e2a2a; }
.card.wave > h2 { flex-wrap: wrap; }
.nodes td { vertical-align: top; }
.node-timeline, .attempts { list-style: none; margin: 0; padding: 0; font-size: 12.5px; }
.node-timeline li, .attempts li { padding: 1px 0; }
.node-timeline time, .attempts time { font-family: ui-monospace, monospace; color: var(--muted); }
.tl-kind { font-family: ui-monospace, monospace; font-size: 11.5px; font-weight: 600; color: var(--muted); }
.node-timeline li[data-kind=failed] .tl-kind, .node-timeline li[data-kind=refused] .tl-kind { color: var(--down); }
.node-timeline li[data-kind=passed] .tl-kind { color: var(--ok); }
.note-cell { max-width: 420px; font-size: 13px; color: var(--muted); }
.wave-preview { margin: 0; padding-left: 20px; }
.wave-preview li { margin-bottom: 10px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.chip { font-size: 12.5px; background: #eef2f8; border: 1px solid var(--line); border-radius: 999px; padding: 1px 9px; }
.excluded { margin: 8px 0 0; padding-left: 20px; font-size: 13.5px; }
.drift-pill { margin-left: 8px; font-size: 11px; font-weight: 700; color: #6b4e00; background: #f5e39a; padding: 2px 7px; border-radius: 999px; white-space: nowrap; }
.drift-pill:hover { text-decoration: none; background: #eed77a; }
.drift-notice a { font-weight: 600; }
.queue-offer { border-color: #b8cdf3; background: #f5f8ff; }
.nodes td:first-child { min-width: 170px; }
.history li { grid-template-columns: 170px 110px 1fr; }
.history .tl-kind { padding-top: 2px; }
@media (max-width: 640px) {
  .fo-head > div:first-child { min-width: 0; flex-basis: 100%; }
  .rollout-form .row2 { grid-template-columns: 1fr; }
  .history li { grid-template-columns: 1fr; gap: 2px; }
  .stack-table thead { display: none; }
  .stack-table, .stack-table tbody, .stack-table tr, .stack-table td { display: block; width: 100%; }
  .stack-table tr { padding: 8px 4px; border-bottom: 1px solid var(--line); }
  .stack-table tr:last-child { border-bottom: none; }
  .stack-table td { border: none; padding: 2px 6px; min-width: 0; }
  .stack-table td.inline { display: inline-block; width: auto; }
  .stack-table td[data-label]::before { content: attr(data-label) " "; color: var(--muted); font-size: 12px; }
  .stack-table td:empty { display: none; }
  .node-timeline .tl-text { display: block; margin-left: 44px; }
}
`
