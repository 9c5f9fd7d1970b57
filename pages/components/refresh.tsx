// Auto-refresh for a page that shows live state (the fleet). Without JavaScript it is a plain
// "Refresh" link. With /assets/hub.js the page reloads every `seconds` while it is visible and
// left alone, and a real button pauses and resumes that; the status line beside it (a polite
// live region) tells screen readers which it is. The script fills in the text, so a browser
// without it never claims a refresh that does not happen.
export function RefreshControl(p: { seconds: number; href: string }) {
  return (
    <div class="refresh" data-refresh-seconds={String(p.seconds)}>
      <span class="refresh-state muted" role="status"></span>
      <button type="button" class="btn refresh-toggle" hidden>
        Pause auto-refresh
      </button>
      <a href={p.href} class="refresh-link">
        Refresh
      </a>
    </div>
  )
}
