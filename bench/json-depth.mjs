// node bench/json-depth.mjs (after npm run build): the cost of the body reader's nesting scan (lib/core/json.ts) on the 5 KB
// fixture report, next to the JSON.parse it precedes. Runs the built module; CPU only, no I/O.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nestingBeyond } from '../dist/lib/json.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
// A plain Uint8Array, as the body reader has (a Buffer's methods differ).
const bytes = new Uint8Array(readFileSync(join(ROOT, '../shared/fixtures/report.json')))
const text = new TextDecoder().decode(bytes)
const mib = new TextEncoder().encode(JSON.stringify({ blob: 'QUJD'.repeat(256 * 1024) }))
const mibText = new TextDecoder().decode(mib)

function perCall(label, fn, ROUNDS = 20_000) {
  for (let i = 0; i < ROUNDS / 10; i++) fn() // warm up the JIT
  const runs = []
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < ROUNDS; i++) fn()
    runs.push(Number(process.hrtime.bigint() - t0) / ROUNDS / 1000)
  }
  runs.sort((a, b) => a - b)
  console.log(
    `${label.padEnd(28)} median ${runs[2].toFixed(2)} µs  (min ${runs[0].toFixed(2)}, max ${runs[4].toFixed(2)})`,
  )
}

console.log(`fixture report (${bytes.byteLength} bytes), per call, 5 runs:`)
perCall('nestingBeyond(bytes)', () => nestingBeyond(bytes))
perCall('JSON.parse(text)', () => JSON.parse(text))
console.log(`one 1 MiB string (${mib.byteLength} bytes), per call, 5 runs:`)
perCall('nestingBeyond(bytes)', () => nestingBeyond(mib), 100)
perCall('JSON.parse(text)', () => JSON.parse(mibText), 100)
