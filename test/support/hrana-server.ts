// A test-only libSQL server: Hrana v2 over HTTP (`POST /v2/pipeline`), the protocol
// `@libsql/client/web` speaks, backed by the `libsql` package on a file. One shared connection for
// every stream: a connection per stream makes concurrent writers fail with SQLITE_BUSY, and node
// runs each pipeline to completion before the next, so statements never interleave inside a batch.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Database from 'libsql'

type Value =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string }
interface Stmt {
  sql?: string
  sql_id?: number
  args?: Value[]
  named_args?: { name: string; value: Value }[]
  want_rows?: boolean
}
type Cond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: Cond }
  | { type: 'and' | 'or'; conds: Cond[] }
  | { type: 'is_autocommit' }
interface StreamRequest {
  type: string
  stmt?: Stmt
  batch?: { steps: { condition?: Cond | null; stmt: Stmt }[] }
  sql?: string
  sql_id?: number
}

export interface HranaServer {
  url: string
  /** Every pipeline request's `requests[].type`, in order: lets tests see what the client sent. */
  requests: string[]
  close(): Promise<void>
}

class StmtError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message)
  }
}

export async function startHranaServer(dbPath: string): Promise<HranaServer> {
  const db = new Database(dbPath)
  db.exec('PRAGMA journal_mode=WAL')
  const requests: string[] = []
  const batons = new Set<string>()
  const storedSql = new Map<number, string>()
  let nextBaton = 1

  const sqlOf = (s: { sql?: string; sql_id?: number }) => {
    const sql = s.sql ?? (s.sql_id !== undefined ? storedSql.get(s.sql_id) : undefined)
    if (sql === undefined) {
      throw new StmtError('statement has neither sql nor a known sql_id', 'SQL_NOT_FOUND')
    }
    return sql
  }

  function execute(stmt: Stmt) {
    const args: unknown[] | Record<string, unknown> = stmt.named_args?.length
      ? Object.fromEntries(stmt.named_args.map((a) => [a.name.replace(/^[:@$]/, ''), fromValue(a.value)]))
      : (stmt.args ?? []).map(fromValue)
    try {
      const prepared = db.prepare(sqlOf(stmt))
      prepared.safeIntegers(true)
      if (prepared.reader) {
        // RETURNING statements are readers too: count their changes like sqld does.
        const before = totalChanges()
        prepared.raw(true)
        const cols = columnsOf(prepared)
        const rows = (prepared.all(args) as unknown[][]).map((row) => row.map(toValue))
        const lastId = db.prepare('SELECT last_insert_rowid()').raw(true).safeIntegers(true).get() as [bigint]
        const affected = totalChanges() - before
        return { cols, rows, affected_row_count: affected, last_insert_rowid: String(lastId[0]) }
      }
      const info = prepared.run(args)
      const lastId = String(info.lastInsertRowid)
      return { cols: [], rows: [], affected_row_count: info.changes, last_insert_rowid: lastId }
    } catch (err) {
      if (err instanceof StmtError) throw err
      const e = err as Error & { code?: string }
      // sqld reports the primary result code (SQLITE_CONSTRAINT), not the extended one.
      throw new StmtError(e.message, (e.code ?? 'SQLITE_ERROR').split('_').slice(0, 2).join('_'))
    }
  }

  const totalChanges = () => Number((db.prepare('SELECT total_changes()').raw(true).get() as [number])[0])

  function runBatch(steps: { condition?: Cond | null; stmt: Stmt }[]) {
    const results: (ReturnType<typeof execute> | null)[] = []
    const errors: ({ message: string; code: string } | null)[] = []
    const holds = (c: Cond): boolean => {
      switch (c.type) {
        case 'ok':
          return results[c.step] != null
        case 'error':
          return errors[c.step] != null
        case 'not':
          return !holds(c.cond)
        case 'and':
          return c.conds.every(holds)
        case 'or':
          return c.conds.some(holds)
        case 'is_autocommit':
          return !db.inTransaction
      }
    }
    for (const step of steps) {
      if (step.condition && !holds(step.condition)) {
        results.push(null)
        errors.push(null)
        continue
      }
      try {
        results.push(execute(step.stmt))
        errors.push(null)
      } catch (err) {
        results.push(null)
        errors.push(errorOf(err))
      }
    }
    return { step_results: results, step_errors: errors }
  }

  function handle(req: StreamRequest): object {
    switch (req.type) {
      case 'execute':
        return { type: 'execute', result: execute(req.stmt!) }
      case 'batch':
        return { type: 'batch', result: runBatch(req.batch!.steps) }
      case 'sequence':
        db.exec(sqlOf(req))
        return { type: 'sequence' }
      case 'describe': {
        const p = db.prepare(sqlOf(req))
        const cols = p.reader ? columnsOf(p) : []
        const isExplain = /^\s*explain/i.test(sqlOf(req))
        const result = { params: [], cols, is_explain: isExplain, is_readonly: p.reader }
        return { type: 'describe', result }
      }
      case 'store_sql':
        storedSql.set(req.sql_id!, req.sql!)
        return { type: 'store_sql' }
      case 'close_sql':
        storedSql.delete(req.sql_id!)
        return { type: 'close_sql' }
      case 'close':
        return { type: 'close' }
      default:
        throw new StmtError(`unknown request type ${req.type}`, 'UNKNOWN_REQUEST')
    }
  }

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type })
      res.end(typeof body === 'string' ? body : JSON.stringify(body))
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const probe = path === '/v2' || path === '/version' || path === '/health'
    if (req.method === 'GET' && probe) return send(200, 'ok', 'text/plain')
    if (req.method !== 'POST' || path !== '/v2/pipeline') return send(404, 'not found', 'text/plain')
    let body: { baton?: string | null; requests?: StreamRequest[] }
    try {
      body = JSON.parse(await readAll(req))
    } catch {
      return send(400, { message: 'request body is not JSON' })
    }
    if (body.baton != null && !batons.delete(body.baton)) {
      return send(400, { message: 'unknown or expired baton' })
    }
    const results = []
    let closed = false
    for (const r of body.requests ?? []) {
      requests.push(r.type)
      try {
        results.push({ type: 'ok', response: handle(r) })
        if (r.type === 'close') closed = true
      } catch (err) {
        results.push({ type: 'error', error: errorOf(err) })
      }
    }
    let baton: string | null = null
    if (!closed) {
      baton = `b${nextBaton++}`
      batons.add(baton)
    }
    send(200, { baton, base_url: null, results })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          db.close()
          resolve()
        })
      }),
  }
}

function columnsOf(stmt: { columns(): { name: string; type: string | null }[] }) {
  return stmt.columns().map((c) => ({ name: c.name, decltype: c.type ?? null }))
}

function errorOf(err: unknown): { message: string; code: string } {
  if (err instanceof StmtError) return { message: err.message, code: err.code }
  return { message: (err as Error).message ?? String(err), code: 'SQLITE_ERROR' }
}

function fromValue(v: Value): unknown {
  switch (v.type) {
    case 'null':
      return null
    case 'integer':
      return BigInt(v.value)
    case 'float':
      return v.value
    case 'text':
      return v.value
    case 'blob':
      return Buffer.from(v.base64, 'base64')
    default:
      throw new StmtError(`unknown value type ${(v as { type: string }).type}`, 'HRANA_PROTO_ERROR')
  }
}

function toValue(v: unknown): Value {
  if (v === null || v === undefined) return { type: 'null' }
  if (typeof v === 'bigint') return { type: 'integer', value: String(v) }
  if (typeof v === 'number') return { type: 'float', value: v }
  if (typeof v === 'string') return { type: 'text', value: v }
  if (v instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(v).toString('base64') }
  return { type: 'text', value: String(v) }
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
