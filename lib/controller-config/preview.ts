// The generated controller.yaml as the dashboard shows it: every secret value masked, comments kept.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml'
import { isSecretPath, MASK } from './diff.js'

export function maskSecrets(yamlText: string): string {
  const doc = parseDocument(yamlText)
  if (doc.errors.length > 0) {
    throw new Error(`generated config is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`)
  }
  walk(doc.contents as Node | null, '')
  return doc.toString({ lineWidth: 0 })
}

function walk(node: Node | null, path: string): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      const childPath = path === '' ? key : `${path}.${key}`
      if (isScalar(pair.value) && isSecretPath(childPath)) {
        if (pair.value.value !== '' && pair.value.value !== null) pair.value.value = MASK
      } else {
        walk(pair.value as Node | null, childPath)
      }
    }
  } else if (isSeq(node)) {
    for (const item of node.items) walk(item as Node, path)
  }
}
