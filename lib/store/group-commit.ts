// Group commit for the hot write path. The database runs with synchronous=FULL, so every commit
// waits for an fsync, and the embedded driver does that on the event loop. Writes that arrive
// together are committed as one transaction: one fsync for the lot, and each caller is answered
// only once its statements are durable. A failed group is retried caller by caller, so one bad
// write cannot fail its neighbours.
//
// Rows queued with insertGrouped() for the same target also share a STATEMENT: a group's rows
// become one multi-row INSERT. @libsql/client's fixed cost per statement (prepare, a raw() probe
// that throws for statements without rows, run) dwarfs the work of one row; preparing the
// report_ingest INSERT with its trigger costs ~80 µs, twenty rows of it ~200 µs.
import type { Client, InStatement, InValue, ResultSet } from '@libsql/client'

interface Pending {
  /** The caller's own statements; empty for a row. */
  stmts: InStatement[]
  /** `INSERT INTO ${into} VALUES (…row)`, merged with its neighbours for the same `into`. */
  row?: { into: string; values: InValue[] }
  resolve: (results: ResultSet[]) => void
  reject: (err: unknown) => void
}

interface Queue {
  pending: Pending[]
  scheduled: boolean
  running: boolean
}

/** Statements (or rows) per transaction at most: bounds how long one commit holds the write lock. */
const MAX_STATEMENTS = 1_000
/** Rows per multi-row INSERT: keeps bound parameters far below SQLite's 32,766. */
const MAX_ROWS = 100
const queues = new WeakMap<Client, Queue>()

/** Runs `stmts` atomically, in a transaction shared with whatever else arrived meanwhile. */
export function commitGrouped(db: Client, stmts: InStatement[]): Promise<ResultSet[]> {
  return enqueue(db, { stmts })
}

/**
 * Inserts one row (`into`: a table or view with its column list) atomically, group-committed like
 * commitGrouped; rows of one group for the same `into` are sent as one multi-row INSERT.
 */
export async function insertGrouped(db: Client, into: string, values: InValue[]): Promise<void> {
  await enqueue(db, { stmts: [], row: { into, values } })
}

function enqueue(db: Client, work: Pick<Pending, 'stmts' | 'row'>): Promise<ResultSet[]> {
  let q = queues.get(db)
  if (!q) {
    q = { pending: [], scheduled: false, running: false }
    queues.set(db, q)
  }
  const queue = q
  return new Promise((resolve, reject) => {
    queue.pending.push({ ...work, resolve, reject })
    if (!queue.scheduled && !queue.running) {
      queue.scheduled = true
      // A macrotask, not a microtask: requests already read off the sockets join this group.
      setTimeout(() => {
        queue.scheduled = false
        void flush(db, queue)
      }, 0)
    }
  })
}

async function flush(db: Client, q: Queue): Promise<void> {
  q.running = true
  try {
    while (q.pending.length > 0) {
      const group = takeGroup(q)
      const { stmts, first } = statementsOf(group)
      try {
        const results = await db.batch(stmts, 'write')
        group.forEach((p, i) => p.resolve(results.slice(first[i], first[i] + p.stmts.length)))
      } catch (err) {
        if (group.length === 1) group[0].reject(err)
        else for (const p of group) await db.batch(statementsOf([p]).stmts, 'write').then(p.resolve, p.reject)
      }
    }
  } finally {
    q.running = false
  }
}

function takeGroup(q: Queue): Pending[] {
  const size = (p: Pending) => p.stmts.length || 1
  let count = 0
  let n = 0
  while (n < q.pending.length && (n === 0 || count + size(q.pending[n]) <= MAX_STATEMENTS)) {
    count += size(q.pending[n])
    n++
  }
  return q.pending.splice(0, n)
}

/**
 * The group's statements in arrival order, consecutive rows for the same target merged into one
 * INSERT (a trigger on a view still fires once per row, in order). `first[i]` is where the results
 * of group[i]'s own statements start.
 */
function statementsOf(group: Pending[]): { stmts: InStatement[]; first: number[] } {
  const stmts: InStatement[] = []
  const first: number[] = []
  let open: { into: string; sql: string[]; args: InValue[] } | null = null
  const close = () => {
    if (open) stmts.push({ sql: `INSERT INTO ${open.into} VALUES ${open.sql.join(', ')}`, args: open.args })
    open = null
  }
  for (const p of group) {
    if (p.row) {
      if (!open || open.into !== p.row.into || open.sql.length >= MAX_ROWS) {
        close()
        open = { into: p.row.into, sql: [], args: [] }
      }
      open.sql.push(`(${p.row.values.map(() => '?').join(', ')})`)
      open.args.push(...p.row.values)
      first.push(stmts.length)
    } else {
      close()
      first.push(stmts.length)
      stmts.push(...p.stmts)
    }
  }
  close()
  return { stmts, first }
}
