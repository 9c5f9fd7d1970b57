// The operator commands' argument parsing (bin/*): node:util's parseArgs, with the slips an
// operator makes at a terminal answered in a sentence instead of a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util'

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * Parses `args` (default: this process's) with positionals allowed. Returns the parsed values, or
 * the exit code when there is nothing to run: 0 after printing `usage` for `--help`/`-h`, 2 after
 * naming an unknown or malformed option over `usage`.
 */
export function commandLine<O extends Options>(usage: string, options: O, args = process.argv.slice(2)) {
  const until = args.includes('--') ? args.indexOf('--') : args.length
  if (args.slice(0, until).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(usage.trimEnd() + '\n')
    return 0
  }
  try {
    return parseArgs({ args, allowPositionals: true, options })
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage.trimEnd()}\n`)
    return 2
  }
}
