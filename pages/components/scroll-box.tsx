// Content that may be wider than a phone scrolls sideways inside its own box, never the page. The
// box is a labelled region a keyboard can focus (and scroll with the arrow keys).
import type { ComponentChildren } from 'preact'

/** A sideways scroll region around a wide table or figure; `label` names it for screen readers. */
export function ScrollBox(p: { label: string; children: ComponentChildren }) {
  return (
    <div class="scroll-x" tabindex={0} role="region" aria-label={p.label}>
      {p.children}
    </div>
  )
}

/** Preformatted text (commands, YAML) in its own focusable, labelled scroll region. */
export function CodeBlock(p: { label: string; code: string; class?: string }) {
  return (
    <pre class={p.class ? `code ${p.class}` : 'code'} tabindex={0} role="region" aria-label={p.label}>
      {p.code}
    </pre>
  )
}
