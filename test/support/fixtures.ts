// The shared fixtures of ../shared/fixtures, and variations of them.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url))
const read = (name: string) => readFileSync(dir + name, 'utf8')

export const fixtureReport = (): Record<string, any> => JSON.parse(read('report.json'))
export const fixtureInfraBackup = (): Record<string, any> => JSON.parse(read('infra-backup.json'))
export const fixtureTemplate = (): string => read('controller.yaml.example')

export function reportFor(customerId: string, patch: Record<string, any> = {}): Record<string, any> {
  return { ...fixtureReport(), customer_id: customerId, ...patch }
}
