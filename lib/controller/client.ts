// The hub's client for felhom-controller (docs/api.md §5): read the live config, push a config, ask for
// an update. Every function resolves to a ControllerResult whose message the dashboard can show
// as is; none of them throws, and the API key appears in no message and no log line.
import { isMap, parseDocument } from 'yaml'
import type { Env } from '../core/env.js'
import type { Customer } from '../store/customers.js'
import { controllerMessage } from './answer.js'
import { callController, type ControllerCallOptions, type ControllerResult } from './call.js'

export { controllerBaseUrl, DEFAULT_TIMEOUT_MS, MAX_BODY_BYTES } from './call.js'
export { deliveryOf } from './call.js'
export type { ControllerCallOptions, ControllerFailure, ControllerResult, Delivery } from './call.js'

/** `GET {base}/api/config`: the controller's live controller.yaml, checked to be a YAML mapping. */
export async function fetchLiveConfig(
  env: Env,
  c: Customer,
  apiKey: string,
  opts?: ControllerCallOptions,
): Promise<ControllerResult<string>> {
  const r = await callController(
    env,
    c,
    apiKey,
    {
      method: 'GET',
      path: '/api/config',
      accept: 'application/yaml, text/yaml;q=0.9, */*;q=0.1',
      what: 'config request',
      validate: (_status, body) => {
        // A URL that points at some web page answers 200 HTML, which YAML would happily read as a string.
        const doc = parseDocument(body)
        if (doc.errors.length > 0) {
          return {
            reason: 'bad_response',
            message: `The controller's config is not valid YAML: ${firstLine(doc.errors[0].message)}`,
          }
        }
        if (!isMap(doc.contents)) {
          return {
            reason: 'bad_response',
            message:
              "The controller's answer to /api/config is not a controller.yaml (expected a mapping of sections).",
          }
        }
        return null
      },
    },
    opts,
  )
  return r.ok ? { ok: true, value: r.value.body } : r
}

/** `POST {base}/api/config/apply` with the YAML; success is `200 {"ok":true}`. */
export async function applyConfig(
  env: Env,
  c: Customer,
  apiKey: string,
  yaml: string,
  opts?: ControllerCallOptions,
): Promise<ControllerResult<void>> {
  const r = await callController(
    env,
    c,
    apiKey,
    {
      method: 'POST',
      path: '/api/config/apply',
      body: yaml,
      contentType: 'application/yaml',
      accept: 'application/json',
      what: 'config',
      validate: (status, body) => {
        let answer: { ok?: unknown } | null = null
        try {
          answer = JSON.parse(body)
        } catch {
          // not JSON: judged below
        }
        if (answer?.ok === true) return null
        if (answer?.ok === false) {
          const said = controllerMessage(body, apiKey) ?? 'no reason given'
          return { reason: 'rejected', message: `The controller rejected the config: ${said}.` }
        }
        return {
          reason: 'bad_response',
          message: `The controller answered ${status} to the config push, but not with {"ok":true}.`,
        }
      },
    },
    opts,
  )
  return r.ok ? { ok: true, value: undefined } : r
}

/** `POST {base}/api/update {"version"}`; the controller answers 202 and updates in the background. */
export async function requestUpdate(
  env: Env,
  c: Customer,
  apiKey: string,
  version: string,
  opts?: ControllerCallOptions,
): Promise<ControllerResult<void>> {
  const r = await callController(
    env,
    c,
    apiKey,
    {
      method: 'POST',
      path: '/api/update',
      body: JSON.stringify({ version }),
      contentType: 'application/json',
      accept: 'application/json',
      what: 'update request',
    },
    opts,
  )
  return r.ok ? { ok: true, value: undefined } : r
}

const firstLine = (s: string) => s.split('\n')[0]
