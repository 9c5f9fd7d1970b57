// The operator CLIs' command line: node:util's parseArgs, with a mistake on the command line (an
// unknown option, an option without its value) answered as one, in words and with the usage,
// rather than as a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** parseArgs(config), or null once what is wrong and `usage` are on stderr (the CLI exits 2). */
export function parseCommandLine<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> | null {
  try {
    return parseArgs(config)
  } catch (e) {
    if (!String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) throw e
    process.stderr.write(`${(e as Error).message}\n${usage.trimEnd()}\n`)
    return null
  }
}
