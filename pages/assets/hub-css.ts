// The dashboard's one stylesheet, served by GET /assets/hub.css (CSP: style-src 'self').
// Kept as a module so the Worker bundle carries it without a file system.
//
// Phone-ready by construction: build a page from these patterns and it fits 390 px without
// sideways scrolling and passes the e2e run's checks (test/support/page-checks.ts: checkPage).
// One breakpoint, 760px: below it is "phone".
// - Frame: Layout (pages/components/layout.tsx). The top bar wraps; a nav entry is one <a> line.
// - Page head: <div class="page-head"><div><h1/><p class="muted"/></div><div class="actions">…</div>
//   </div>. Buttons in a row: .actions or .button-row (they wrap).
// - Cards: <section class="card"> with <h2>; side by side in <div class="grid"> (one column on a
//   phone); .section-gap between blocks. Form fields two by two: .row2 (one column on a phone).
// - Tables: <table class="table table-stack"> with data-label="Column" on every <td>: on a phone
//   each row becomes a block of "label over value" tiles, two a line (.tiles-narrow: three, for
//   short values). <td class="cell-title"> (the row's name) spans the block's first line,
//   .cell-wide a full line; a <td> without data-label shows no label. A table that must stay a
//   grid (the config diff) goes in <ScrollBox label="…"> (pages/components/scroll-box.tsx), a
//   keyboard-focusable, labelled region that scrolls sideways by itself. A header cell without
//   visible text gets <span class="visually-hidden">Its name</span>.
// - Key/value lists: <dl class="kv"> (dt beside dd; dt above dd on a phone).
// - Code and config text: <CodeBlock label="…" code={…}/> (scroll-box.tsx), never a bare <pre>.
// - Long unbreakable text (ids, hostnames, URLs, versions, keys) wraps anywhere inside <main>;
//   badges, tags and pills never break, table headers only between words (so a squeezed column
//   is as wide as its header's longest word; a cell of short fixed words, such as an action link
//   under a visually hidden header, takes .nowrap). Cards and grid children get min-width: 0.
// - Colours: .badge-<status>, .tag-<kind>, .flash-ok/.flash-error, .notice, .muted. Every pair is
//   ≥ 4.5:1 (axe checks); do not lighten text with opacity.
// - Auto-refresh: <RefreshControl seconds={60} href="…"/> (pages/components/refresh.tsx), driven
//   by /assets/hub.js; never <meta http-equiv="refresh">.
// - Screen-reader-only text: .visually-hidden.
export const HUB_CSS = `
:root {
  --bg: #f3f5f8; --card: #fff; --ink: #1c2430; --muted: #5f6b7a; --line: #e1e6ee; --accent: #2457c5;
  --ok: #176c30; --ok-bg: #dcf5e3; --warn: #8a5a00; --warn-bg: #fff1c2; --down: #c62828; --down-bg: #fde2e1;
  --gray: #5b6472; --gray-bg: #e8ebf0; --blocked: #3b4250; --blocked-bg: #d5d9e0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 15px; line-height: 1.45; color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 12px; text-transform: none; }
h3 { font-size: 14px; margin: 16px 0 8px; color: var(--muted); }
main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 48px; overflow-wrap: anywhere; }
.badge, .tag, .kind, .update-pill, .nav-link, .summary-label, .nowrap { overflow-wrap: normal; white-space: nowrap; }
main p a:not(.btn), main li a:not(.btn), main dd a:not(.btn) { text-decoration: underline; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.muted, .sub { color: var(--muted); }
.sub { font-size: 12.5px; margin-top: 2px; }
.strong { font-weight: 600; }

.open-banner { background: var(--down); color: #fff; padding: 8px 24px; font-weight: 600; text-align: center; overflow-wrap: anywhere; }
.open-banner code { background: rgba(255,255,255,.18); padding: 1px 5px; border-radius: 4px; }
.topbar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 28px; background: #16202e; color: #fff; padding: 7px 24px; min-height: 52px; }
.brand { font-weight: 700; font-size: 18px; color: #fff; letter-spacing: .2px; }
.brand span { color: #7fb0ff; font-weight: 500; }
.brand:hover { text-decoration: none; }
.brand-dark { color: var(--ink); font-size: 24px; margin: 0; }
.brand-dark span { color: var(--accent); }
.topbar nav { display: flex; flex-wrap: wrap; gap: 4px; flex: 1; }
.nav-link { color: #c9d3e0; padding: 6px 12px; border-radius: 6px; }
.nav-link:hover { background: #243247; text-decoration: none; color: #fff; }
.nav-link.active { background: #2b3c56; color: #fff; }
.logout { margin: 0; }

.page-head { display: flex; align-items: baseline; justify-content: space-between; gap: 16px; flex-wrap: wrap; margin-bottom: 16px; }
.page-head > div:first-child { flex: 1; min-width: min(320px, 100%); }
.page-head .actions { display: flex; gap: 8px; flex-wrap: wrap; }
.title-row { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }

.card { min-width: 0; background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(16,24,40,.04); }
.card > h2 { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 8px; }
.card-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin-bottom: 12px; }
.card-head h2 { margin: 0; }
.card.empty { text-align: center; color: var(--muted); padding: 32px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(300px, 100%), 1fr)); gap: 16px; }
.grid .card { margin-bottom: 0; }
.section-gap { margin-top: 16px; }

.badge { display: inline-block; min-width: 74px; text-align: center; font-size: 11.5px; font-weight: 700; letter-spacing: .6px; padding: 3px 8px; border-radius: 999px; }
.badge-ok { background: var(--ok-bg); color: var(--ok); }
.badge-warn { background: var(--warn-bg); color: var(--warn); }
.badge-down { background: var(--down-bg); color: var(--down); }
.badge-disabled, .badge-pending { background: var(--gray-bg); color: var(--gray); }
.badge-blocked { background: var(--blocked-bg); color: var(--blocked); }
.tag { display: inline-block; font-size: 10.5px; font-weight: 700; letter-spacing: .5px; padding: 1px 6px; border-radius: 4px; background: var(--gray-bg); color: var(--gray); }
.tag-managed { background: #e3ecff; color: #2451a6; }
.tag-error, .tag-fail, .tag-failed { background: var(--down-bg); color: var(--down); }
.tag-warning, .tag-skipped { background: var(--warn-bg); color: var(--warn); }
.tag-info, .tag-sent, .tag-ok { background: var(--ok-bg); color: var(--ok); }
.health { font-weight: 600; }
.health-ok { color: var(--ok); } .health-warn { color: var(--warn); } .health-fail { color: var(--down); }
.update-pill { margin-left: 8px; font-size: 11px; font-weight: 600; color: #2451a6; background: #e3ecff; padding: 2px 7px; border-radius: 999px; }

.summary { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; margin-bottom: 18px; }
.summary-tile { background: var(--card); border: 1px solid var(--line); border-left: 5px solid var(--gray); border-radius: 10px; padding: 10px 14px; display: flex; align-items: baseline; gap: 10px; }
.summary-count { font-size: 26px; font-weight: 700; }
.summary-label { font-size: 12px; font-weight: 700; letter-spacing: .6px; color: var(--muted); }
.tile-ok { border-left-color: var(--ok); } .tile-warn { border-left-color: #e0a400; } .tile-down { border-left-color: var(--down); }
.tile-down:not(.tile-zero) .summary-count { color: var(--down); }
.tile-warn:not(.tile-zero) .summary-count { color: var(--warn); }
.tile-zero { border-left-color: var(--line); }
.tile-zero .summary-count { color: var(--muted); font-weight: 500; }

.table { width: 100%; border-collapse: separate; border-spacing: 0; background: var(--card); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
.table th { overflow-wrap: break-word; text-align: left; font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .4px; background: #f7f9fb; padding: 9px 12px; border-bottom: 1px solid var(--line); }
.table td { padding: 10px 12px; border-bottom: 1px solid var(--line); vertical-align: middle; }
.table tr:last-child td { border-bottom: none; }
.table tbody tr:hover { background: #f8fafd; }
.card .table { border: none; border-radius: 0; }
.table th.num { text-align: right; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.zero { color: var(--muted); }
.count-error { color: var(--down); font-weight: 700; }
.count-warning { color: var(--warn); font-weight: 700; }
.fleet tr td:first-child { border-left: 4px solid transparent; }
.fleet tr.row-down td:first-child { border-left-color: var(--down); }
.fleet tr.row-warn td:first-child { border-left-color: #e0a400; }
.row-blocked td { color: var(--muted); background: #f6f7f9; }
.row-blocked a { color: #4d5766; }
.problem td { background: #fff8f7; }

.kv { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
.kv dt { color: var(--muted); }
.kv dd { margin: 0; overflow-wrap: anywhere; }

.bar { display: block; width: 100%; height: 10px; }
.bar-track { fill: #e8ebf0; }
.bar-ok { fill: #2ea44f; } .bar-warn { fill: #e0a400; } .bar-down { fill: #d73a3a; }
.storage-row { margin-bottom: 12px; }
.storage-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 12px; font-size: 13.5px; margin-bottom: 4px; }

.chart-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(280px, 100%), 1fr)); gap: 16px; }
.chart { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.chart-head { display: flex; justify-content: space-between; font-size: 13px; margin-bottom: 4px; }
.chart svg { width: 100%; height: 90px; display: block; }
.chart-line { fill: none; stroke: var(--accent); stroke-width: 1.6; vector-effect: non-scaling-stroke; }
.chart-area { fill: rgba(36,87,197,.09); stroke: none; }
.chart-grid-line { stroke: #eef1f5; stroke-width: 1; vector-effect: non-scaling-stroke; }
.chart-empty { fill: #a3acb9; font-size: 12px; }
.periods { display: flex; flex-wrap: wrap; gap: 4px; }
.periods a { padding: 3px 10px; border-radius: 6px; border: 1px solid var(--line); font-size: 13px; color: var(--ink); }
.periods a.active { background: var(--accent); color: #fff; border-color: var(--accent); }

.timeline { list-style: none; padding: 0; margin: 0; }
.timeline li { display: grid; grid-template-columns: 150px 76px 1fr; gap: 10px; padding: 7px 0; border-bottom: 1px solid var(--line); font-size: 13.5px; }
.timeline li:last-child { border-bottom: none; }
.timeline .etype { font-family: ui-monospace, monospace; font-size: 12px; color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 6px; font-size: 13px; }
.filters a { padding: 2px 9px; border-radius: 999px; border: 1px solid var(--line); color: var(--ink); }
.filters a.active { background: var(--ink); color: #fff; border-color: var(--ink); }

.btn { max-width: 100%; font: inherit; font-size: 13.5px; font-weight: 600; padding: 6px 14px; border-radius: 7px; border: 1px solid #c8d0db; background: #fff; color: var(--ink); cursor: pointer; }
.btn:hover { background: #f1f4f8; }
.btn-primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.btn-primary:hover { background: #1d47a3; }
.btn-danger { color: var(--down); border-color: #efb4b1; }
.btn-danger:hover { background: var(--down-bg); }
.btn-ghost { background: transparent; color: #c9d3e0; border-color: #3a4a62; }
.btn-ghost:hover { background: #243247; color: #fff; }
a.btn { display: inline-block; }
a.btn:hover { text-decoration: none; }
form.inline { display: inline; margin: 0; }
.button-row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }

.flash { padding: 10px 14px; border-radius: 8px; margin-bottom: 16px; font-weight: 500; }
.flash-ok { background: var(--ok-bg); color: #135c28; border: 1px solid #b5e5c3; }
.flash-error { background: var(--down-bg); color: #9b1c1c; border: 1px solid #f3b7b4; }
.banner-blocked { background: var(--blocked); color: #fff; padding: 10px 14px; border-radius: 8px; font-weight: 600; margin-bottom: 16px; }
.notice { background: #fff8e0; border: 1px solid #f0dc9a; color: #6b4e00; padding: 8px 12px; border-radius: 8px; font-size: 13.5px; }

pre.code { max-width: 100%; background: #0f1722; color: #d8e1ec; padding: 12px 14px; border-radius: 8px; overflow-x: auto; margin: 0; font-size: 12.5px; line-height: 1.5; }
pre.yaml { max-height: 420px; overflow: auto; }
.secret { font-family: ui-monospace, monospace; background: #f1f3f7; padding: 3px 8px; border-radius: 5px; overflow-wrap: anywhere; }
.masked { letter-spacing: 2px; color: var(--muted); }

.form { max-width: 760px; }
.form fieldset { border: 1px solid var(--line); border-radius: 10px; background: var(--card); padding: 14px 18px 6px; margin: 0 0 16px; }
.form legend { font-weight: 700; padding: 0 6px; }
.field { margin-bottom: 12px; }
.field label { display: block; font-weight: 600; font-size: 13.5px; margin-bottom: 4px; }
.field .hint { color: var(--muted); font-size: 12.5px; margin-top: 3px; }
.field input, .field select { width: 100%; font: inherit; padding: 7px 10px; border: 1px solid #c8d0db; border-radius: 7px; background: #fff; }
.field input:focus, .field select:focus { outline: 2px solid #9dbbf5; border-color: var(--accent); }
.field.has-error input, .field.has-error select { border-color: var(--down); }
.field-error { color: var(--down); font-size: 12.5px; margin-top: 3px; font-weight: 600; }
.row2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 16px; }
details > summary { cursor: pointer; font-weight: 600; }

.diff-only_hub td { background: #eefbf1; }
.diff-only_controller td { background: #fdf0ef; }
.diff-changed td { background: #fffbea; }
.kind { display: inline-block; font-size: 11.5px; font-weight: 700; padding: 2px 8px; border-radius: 999px; }
.kind-only_hub { background: #bfe8c9; color: #135c28; } .kind-only_controller { background: #f5c2bf; color: #8e1f1a; } .kind-changed { background: #f5e39a; color: #6b4e00; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 13px; margin-bottom: 10px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 5px; vertical-align: -1px; }
.swatch-only_hub { background: #bfe8c9; } .swatch-only_controller { background: #f5c2bf; } .swatch-changed { background: #f5e39a; }

.danger-zone { border-color: #f3c9c6; }
.danger-zone summary { color: var(--down); }
.danger-zone details + details { margin-top: 12px; }
.confirm-input { font: inherit; padding: 6px 10px; border: 1px solid #c8d0db; border-radius: 7px; width: 220px; max-width: 100%; }
.login-body { min-height: 100vh; display: flex; align-items: center; justify-content: center; padding: 16px; }
.login-card { width: min(360px, 100%); padding: 28px; overflow-wrap: anywhere; }
.stack { display: flex; flex-direction: column; gap: 8px; }
.stack input { font: inherit; padding: 8px 10px; border: 1px solid #c8d0db; border-radius: 7px; }
.stack button { margin-top: 8px; }

.scroll-x { overflow-x: auto; max-width: 100%; }
.scroll-x > .table { min-width: 640px; }
.scroll-x > .table td { overflow-wrap: break-word; }
.scroll-x:focus-visible, pre.code:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.refresh { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; font-size: 13.5px; }
.refresh .btn { font-size: 12.5px; padding: 3px 10px; }

/* Sign-in (#12): second step, enrolment, recovery codes, sessions, audit log. */
.login-card-wide { width: 560px; max-width: calc(100vw - 24px); }
.qr { width: 220px; max-width: 100%; margin: 8px 0 12px; }
.qr svg { display: block; width: 100%; height: auto; }
.steps { padding-left: 20px; }
.stack.narrow { max-width: 260px; }
.recovery-codes { columns: 2; font-size: 15px; line-height: 1.9; }
.audit-filters { display: flex; flex-wrap: wrap; gap: 0 12px; align-items: flex-end; }
.audit-filters .field { min-width: 150px; flex: 1; }
.audit-filters .button-row { margin-bottom: 12px; }
.sessions .ua { font-size: 12.5px; color: var(--muted); max-width: 360px; overflow-wrap: anywhere; }
.sessions .tag { margin-left: 6px; }

/* Fleet and customers lists: search, status filter, pager (pages/components/customer-list.tsx) */
a.summary-tile { color: inherit; text-decoration: none; }
a.summary-tile:hover { border-color: var(--accent); }
.list-filter { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
.list-filter input, .list-filter select { font: inherit; padding: 6px 10px; border: 1px solid #c8d0db; border-radius: 7px; background: #fff; }
.list-filter input { flex: 1; min-width: 220px; max-width: 420px; }
.pager { display: flex; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin-top: 12px; color: var(--muted); }
.pager-links a, .pager-links span { margin: 0 4px; }

@media (max-width: 760px) {
  main { padding: 12px 12px 32px; }
  .open-banner { padding: 8px 12px; }
  .topbar { padding: 6px 12px; gap: 2px 12px; }
  .topbar .logout { order: 1; margin-left: auto; }
  .topbar nav { order: 2; flex-basis: 100%; margin: 0 -8px; }
  .nav-link { padding: 6px 8px; }
  h1 { font-size: 21px; }
  .card { padding: 12px 14px; }
  .card.empty { padding: 20px 14px; }
  .summary { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px; }
  .summary-tile { flex-direction: column; gap: 0; padding: 6px 10px; border-left-width: 4px; }
  .summary-count { font-size: 22px; }
  .summary-label { font-size: 11px; }
  .row2 { grid-template-columns: minmax(0, 1fr); }
  .kv { grid-template-columns: minmax(0, 1fr); gap: 0; }
  .kv dt { font-size: 12.5px; margin-top: 8px; }
  .kv dt:first-child { margin-top: 0; }
  .timeline li { grid-template-columns: auto 1fr; gap: 2px 10px; }
  .timeline li > :last-child { grid-column: 1 / -1; }
  .login-card { padding: 20px; }

  .table-stack, .table-stack tbody { display: block; }
  .table-stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .table-stack tr { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 8px 12px; padding: 10px 12px; border-bottom: 1px solid var(--line); }
  .table-stack tbody tr:last-child { border-bottom: none; }
  .table-stack td { display: block; min-width: 0; padding: 0; border: none; text-align: left; }
  .table-stack td[data-label]::before { content: attr(data-label); display: block; font-size: 11px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .4px; }
  .table-stack td.cell-title { grid-column: 1 / -1; order: -1; }
  .table-stack td.cell-title::before { content: none; }
  .table-stack td.cell-wide { grid-column: 1 / -1; }
  .table-stack.tiles-narrow tr { grid-template-columns: repeat(auto-fill, minmax(6rem, 1fr)); }
  .table-stack.fleet tr { border-left: 4px solid transparent; }
  .table-stack.fleet tr td:first-child { border-left: none; }
  .table-stack.fleet tr.row-down { border-left-color: var(--down); }
  .table-stack.fleet tr.row-warn { border-left-color: #e0a400; }
  .table-stack tr.row-blocked { background: #f6f7f9; }
  .table-stack tr.problem { background: #fff8f7; }
  .table-stack tr.row-blocked td, .table-stack tr.problem td { background: transparent; }
  .card .table-stack tr { padding-left: 0; padding-right: 0; }
  .card .table-stack { overflow: visible; }
  .card .table-stack tr.problem { margin: 0 -8px; padding: 10px 8px; }
}
`
