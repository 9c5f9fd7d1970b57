// Loads k8s/ the way kubectl would see it: every YAML document of every file, parsed with `yaml`,
// plus small lookups the k8s tests share.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, parseAllDocuments } from 'yaml'

export const K8S_DIR = 'k8s'
export const NAMESPACE = 'felhom-system'

export interface Manifest {
  file: string
  apiVersion: string
  kind: string
  metadata: {
    name: string
    namespace?: string
    labels?: Record<string, string>
    annotations?: Record<string, string>
  }
  [key: string]: any
}

/** The optional Prometheus Operator manifests and the plain Prometheus rules beside them. */
export const MONITORING_DIR = join(K8S_DIR, 'monitoring')

export function manifestFiles(dir = K8S_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')
    .sort()
}

export function kustomization(dir = K8S_DIR): Record<string, any> {
  return parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'))
}

/** Every document; a YAML syntax error or warning fails loudly with the file name. */
export function loadManifests(dir = K8S_DIR, files = manifestFiles(dir)): Manifest[] {
  const out: Manifest[] = []
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (doc.errors.length || doc.warnings.length) {
        throw new Error(`${file}: ${[...doc.errors, ...doc.warnings].map((e) => e.message).join('; ')}`)
      }
      const value = doc.toJS()
      if (value !== null) out.push({ ...value, file })
    }
  }
  return out
}

export function byKind(all: Manifest[], kind: string): Manifest[] {
  return all.filter((m) => m.kind === kind)
}

export function one(all: Manifest[], kind: string, name?: string): Manifest {
  const found = byKind(all, kind).filter((m) => name === undefined || m.metadata.name === name)
  if (found.length !== 1)
    throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`)
  return found[0]
}

/** Kubernetes label selector semantics for matchLabels. */
export function selects(
  selector: { matchLabels?: Record<string, string> },
  labels: Record<string, string> = {},
): boolean {
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v)
}

/** An image reference with a tag other than latest (or a digest); `repo/name` alone is unpinned. */
export function isPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true
  const lastSlash = image.lastIndexOf('/')
  const colon = image.indexOf(':', lastSlash + 1)
  if (colon < 0) return false
  const tag = image.slice(colon + 1)
  return tag !== '' && tag !== 'latest' && /^[\w][\w.-]{0,127}$/.test(tag)
}

/** Ingress path matching as the Ingress spec defines it (Exact; Prefix by path elements). */
export function ingressMatches(rule: { path: string; pathType: string }, path: string): boolean {
  if (rule.pathType === 'Exact') return path === rule.path
  if (rule.pathType === 'Prefix') {
    if (rule.path === '/') return true
    const prefix = rule.path.replace(/\/+$/, '')
    return path === prefix || path.startsWith(prefix + '/')
  }
  throw new Error(`unsupported pathType ${rule.pathType}`)
}
