// Group commit for the hot write path. The database runs with synchronous=FULL, so every commit
// waits for an fsync, and the embedded driver does that on the event loop. Writes that arrive
// together are committed as one transaction: one fsync for the lot, and each caller is answered
// only once its statements are durable. A failed group is retried caller by caller, so one bad
// write cannot fail its neighbours.
//
// Rows of one group for the same target also share a STATEMENT: one multi-row INSERT. @libsql/client's fixed cost per statement (prepare, a raw() probe
// that throws for statements without rows, run) dwarfs the work of one row; preparing the
// report_ingest INSERT with its trigger costs ~80 µs, twenty rows of it ~200 µs.
import type { Client, InStatement, InValue } from '@libsql/client'

interface Pending {
  /** `INSERT INTO ${into} VALUES (…values)`, merged with its neighbours for the same `into`. */
  into: string
  values: InValue[]
  resolve: () => void
  reject: (err: unknown) => void
}

interface Queue {
  pending: Pending[]
  scheduled: boolean
  running: boolean
}

/** Rows per transaction at most: bounds how long one commit holds the write lock. */
const MAX_GROUP = 1_000
/** Rows per multi-row INSERT: keeps bound parameters far below SQLite's 32,766. */
const MAX_ROWS = 100
const queues = new WeakMap<Client, Queue>()

/**
 * Inserts one row (`into`: a table or view with its column list) atomically, in a transaction
 * shared with whatever else arrived meanwhile; resolves once it is durable.
 */
export function insertGrouped(db: Client, into: string, values: InValue[]): Promise<void> {
  let q = queues.get(db)
  if (!q) {
    q = { pending: [], scheduled: false, running: false }
    queues.set(db, q)
  }
  const queue = q
  return new Promise((resolve, reject) => {
    queue.pending.push({ into, values, resolve, reject })
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
      const group = q.pending.splice(0, MAX_GROUP)
      try {
        await db.batch(statementsOf(group), 'write')
        for (const p of group) p.resolve()
      } catch (err) {
        if (group.length === 1) group[0].reject(err)
        else
          for (const p of group) await db.batch(statementsOf([p]), 'write').then(() => p.resolve(), p.reject)
      }
    }
  } finally {
    q.running = false
  }
}

/**
 * The group's rows in arrival order, consecutive rows for the same target merged into one INSERT
 * (a trigger on a view still fires once per row, in order).
 */
function statementsOf(group: Pending[]): InStatement[] {
  const stmts: InStatement[] = []
  let open: { into: string; sql: string[]; args: InValue[] } | null = null
  const close = () => {
    if (open) stmts.push({ sql: `INSERT INTO ${open.into} VALUES ${open.sql.join(', ')}`, args: open.args })
    open = null
  }
  for (const p of group) {
    if (!open || open.into !== p.into || open.sql.length >= MAX_ROWS) {
      close()
      open = { into: p.into, sql: [], args: [] }
    }
    open.sql.push(`(${p.values.map(() => '?').join(', ')})`)
    open.args.push(...p.values)
  }
  close()
  return stmts
}
