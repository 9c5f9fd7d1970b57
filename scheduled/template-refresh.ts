// Hourly: the controller.yaml template from Gitea (registry.template_url). A new text is kept only
// when it parses as a YAML mapping shaped like a controller.yaml; on any failure the last good one
// stays, so config generation never breaks because Gitea did.
import { isMap, parseDocument } from 'yaml'
import type { Env } from '../lib/core/env.js'
import { TEMPLATE_STATE_KEY } from '../lib/controller-config/generate.js'
import { errorFields } from '../lib/core/log.js'
import { fetchText, OutboundError } from '../lib/core/outbound.js'
import { getState, setState } from '../lib/store/hub-state.js'

export type TemplateRefreshSummary =
  | { ok: true; skipped: true; reason: string }
  | { ok: true; changed: boolean; bytes: number }
  | { ok: false; error: string }

export const MAX_TEMPLATE_BYTES = 1024 * 1024

export async function refreshTemplate(
  env: Env,
  opts: { timeoutMs?: number } = {},
): Promise<TemplateRefreshSummary> {
  const { template_url: url, token } = env.config.registry
  if (!url) return { ok: true, skipped: true, reason: 'registry.template_url is empty' }

  let text: string
  try {
    const res = await fetchText(
      env,
      url,
      { headers: token ? { Authorization: `token ${token}` } : {} },
      {
        timeoutMs: opts.timeoutMs ?? 15_000,
        maxBytes: MAX_TEMPLATE_BYTES,
      },
    )
    if (res.status !== 200) return { ok: false, error: `template URL answered ${res.status}` }
    text = res.text
  } catch (err) {
    if (!(err instanceof OutboundError)) env.log.warn('template-refresh failed', errorFields(err))
    return { ok: false, error: err instanceof OutboundError ? err.message : 'unexpected error (see log)' }
  }

  const problem = templateProblem(text)
  if (problem) return { ok: false, error: `template rejected: ${problem}` }
  const previous = await getState(env.db, TEMPLATE_STATE_KEY)
  await setState(env.db, TEMPLATE_STATE_KEY, text, env.clock.now().getTime())
  return { ok: true, changed: previous?.value !== text, bytes: new TextEncoder().encode(text).byteLength }
}

/** Why the text is not a usable controller.yaml template, or null when it is. */
export function templateProblem(text: string): string | null {
  const doc = parseDocument(text)
  if (doc.errors.length > 0) return `not valid YAML (${doc.errors[0].code})`
  if (!isMap(doc.contents)) return 'not a YAML mapping'
  for (const section of ['customer', 'hub']) {
    if (!isMap(doc.contents.get(section))) return `no "${section}" section`
  }
  return null
}
