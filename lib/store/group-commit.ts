// Group commit for the hot write path. The database runs with synchronous=FULL, so every commit
// waits for an fsync, and the embedded driver does that on the event loop. Writes that arrive
// together are committed as one transaction: one fsync for the lot, and each caller is answered
// only once its statements are durable. A failed group is retried statement group by statement
// group, so one bad write cannot fail its neighbours.
import type { Client, InStatement, ResultSet } from '@libsql/client'

interface Pending {
  stmts: InStatement[]
  resolve: (results: ResultSet[]) => void
  reject: (err: unknown) => void
}

interface Queue {
  pending: Pending[]
  scheduled: boolean
  running: boolean
}

/** Statements per transaction at most: bounds how long one commit holds the write lock. */
const MAX_STATEMENTS = 1_000
const queues = new WeakMap<Client, Queue>()

export function commitGrouped(db: Client, stmts: InStatement[]): Promise<ResultSet[]> {
  let q = queues.get(db)
  if (!q) {
    q = { pending: [], scheduled: false, running: false }
    queues.set(db, q)
  }
  const queue = q
  return new Promise((resolve, reject) => {
    queue.pending.push({ stmts, resolve, reject })
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
      try {
        const results = await db.batch(
          group.flatMap((p) => p.stmts),
          'write',
        )
        let i = 0
        for (const p of group) {
          p.resolve(results.slice(i, i + p.stmts.length))
          i += p.stmts.length
        }
      } catch (err) {
        if (group.length === 1) group[0].reject(err)
        else for (const p of group) await db.batch(p.stmts, 'write').then(p.resolve, p.reject)
      }
    }
  } finally {
    q.running = false
  }
}

function takeGroup(q: Queue): Pending[] {
  let count = 0
  let n = 0
  while (n < q.pending.length && (n === 0 || count + q.pending[n].stmts.length <= MAX_STATEMENTS)) {
    count += q.pending[n].stmts.length
    n++
  }
  return q.pending.splice(0, n)
}
