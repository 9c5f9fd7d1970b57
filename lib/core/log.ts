// Structured JSON logs, one line per entry. Callers pass fields, never request bodies or headers:
// that is how secrets stay out of the log.
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  child(fields: LogFields): Logger
}

type Level = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export function jsonLogger(
  write: (line: string) => void,
  minLevel: Level = 'info',
  base: LogFields = {},
): Logger {
  const emit = (level: Level, msg: string, fields?: LogFields) => {
    if (ORDER[level] < ORDER[minLevel]) return
    write(JSON.stringify({ ts: new Date().toISOString(), level, msg, ...base, ...fields }))
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => jsonLogger(write, minLevel, { ...base, ...fields }),
  }
}

/** Collects entries in memory; tests read them to prove what was (and was not) logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return Object.assign(
    jsonLogger((l) => lines.push(l), 'debug'),
    { lines },
  )
}

export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) return { error: err.message, error_name: err.name, stack: err.stack }
  return { error: String(err) }
}
