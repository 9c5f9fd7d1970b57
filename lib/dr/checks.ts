// What a fresh controller needs from an infra backup to rebuild a household after its system disk
// died: the fields a restore uses, each checked on the decrypted payload. The payload holds the
// restic passwords and the tokens inside controller.yaml, so a problem is always described in
// fixed words: nothing read from the payload (and no parser's message, which may quote it) ever
// goes into a result, a log line or a page.
import { parse as parseYaml } from 'yaml'

export const RESTORE_CHECKS = [
  'decrypts',
  'controller_yaml',
  'settings_json',
  'restic_passwords',
  'disk_uuids',
  'stacks_named',
] as const
export type RestoreCheck = (typeof RESTORE_CHECKS)[number]

export interface CheckResult {
  name: RestoreCheck
  ok: boolean
  /** Why it failed, in fixed words. */
  problem?: string
}

export const CHECK_LABEL: Record<RestoreCheck, string> = {
  decrypts: 'decrypts',
  controller_yaml: 'controller.yaml',
  settings_json: 'settings',
  restic_passwords: 'restic passwords',
  disk_uuids: 'disk UUIDs',
  stacks_named: 'stacks',
}

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null
const filled = (v: unknown) => typeof v === 'string' && v.trim() !== ''

/** Base64 to UTF-8 text; null when either step fails. */
function decodeText(v: unknown): string | null {
  if (typeof v !== 'string' || v === '') return null
  try {
    const binary = atob(v)
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

function controllerYaml(customerId: string, p: Obj): string | null {
  const text = decodeText(p.controller_yaml_b64)
  if (text === null) return 'controller_yaml_b64 is missing or not base64-encoded UTF-8'
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch {
    return 'controller.yaml does not parse as YAML'
  }
  const id = obj(obj(doc)?.customer)?.id
  if (!filled(id)) return 'controller.yaml names no customer.id'
  if (id !== customerId) return 'controller.yaml names another customer'
  return null
}

function settingsJson(p: Obj): string | null {
  const text = decodeText(p.settings_json_b64)
  if (text === null) return 'settings_json_b64 is missing or not base64-encoded UTF-8'
  try {
    return obj(JSON.parse(text)) ? null : 'the settings are not a JSON object'
  } catch {
    return 'the settings do not parse as JSON'
  }
}

function resticPasswords(p: Obj, crossdrive: boolean): string | null {
  const restic = obj(p.restic)
  if (!filled(restic?.primary_password)) return 'the primary restic password is missing'
  if (crossdrive && !filled(restic?.crossdrive_password))
    return 'the cross-drive restic password is missing, and this node makes cross-drive copies'
  return null
}

function diskUuids(p: Obj): string | null {
  const disks = obj(p.disk_layout)?.disks
  if (!Array.isArray(disks) || disks.length === 0) return 'no disks are listed'
  const missing = disks.filter((d) => !filled(obj(d)?.uuid)).length
  return missing === 0 ? null : `${missing} of ${disks.length} disks have no UUID`
}

function stacksNamed(p: Obj): string | null {
  if (!Array.isArray(p.stacks) || p.stacks.length === 0) return 'no stacks are listed'
  const missing = p.stacks.filter((s) => !filled(obj(s)?.name)).length
  return missing === 0 ? null : `${missing} of ${p.stacks.length} stacks have no name`
}

/**
 * Every check on a decrypted payload (`decrypts` passed to get here). `crossdrive`: the node makes
 * cross-drive copies, so the restore needs that repository's password too.
 */
export function restoreChecks(
  customerId: string,
  payload: Obj,
  opts: { crossdrive: boolean },
): CheckResult[] {
  const problems: [RestoreCheck, string | null][] = [
    ['decrypts', null],
    ['controller_yaml', controllerYaml(customerId, payload)],
    ['settings_json', settingsJson(payload)],
    ['restic_passwords', resticPasswords(payload, opts.crossdrive)],
    ['disk_uuids', diskUuids(payload)],
    ['stacks_named', stacksNamed(payload)],
  ]
  return problems.map(([name, problem]) =>
    problem === null ? { name, ok: true } : { name, ok: false, problem },
  )
}
