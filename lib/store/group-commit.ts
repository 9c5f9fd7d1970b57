// Group commit for the hot write path. The database runs with synchronous=FULL, so every commit
// waits for an fsync, and the embedded driver does that on the event loop. Writes that arrive
// together are committed as one group (one transaction, one fsync for the lot), and each caller is
// answered only once its write is durable. A failed group is retried item by item, so one bad
// write cannot fail its neighbours.
//
// The queue is per-process state: the Node entry builds one per database client and puts it on the
// Env. The Worker entry does not group (a promise resolved by another request's I/O is not safe
// there), and commits each write on its own.

export interface GroupCommit<T> {
  /** Resolves once `item` is durable, committed together with whatever arrived meanwhile. */
  submit(item: T): Promise<void>
}

/** Items per group at most: bounds how long one commit holds the write lock. */
const MAX_GROUP = 1_000

interface Pending<T> {
  item: T
  resolve: () => void
  reject: (err: unknown) => void
}

/** A queue that hands whatever arrived together to `commit` (one transaction) as one group. */
export function groupCommit<T>(commit: (items: T[]) => Promise<void>): GroupCommit<T> {
  const pending: Pending<T>[] = []
  let scheduled = false
  let running = false

  async function flush(): Promise<void> {
    running = true
    try {
      while (pending.length > 0) {
        const group = pending.splice(0, MAX_GROUP)
        try {
          await commit(group.map((p) => p.item))
          for (const p of group) p.resolve()
        } catch (err) {
          if (group.length === 1) group[0].reject(err)
          else for (const p of group) await commit([p.item]).then(p.resolve, p.reject)
        }
      }
    } finally {
      running = false
    }
  }

  return {
    submit(item) {
      return new Promise((resolve, reject) => {
        pending.push({ item, resolve, reject })
        if (scheduled || running) return
        scheduled = true
        // A macrotask, not a microtask: requests already read off the sockets join this group.
        setTimeout(() => {
          scheduled = false
          void flush()
        }, 0)
      })
    },
  }
}

/** No grouping: each item is its own commit (the Worker entry, where requests share nothing). */
export function commitEach<T>(commit: (items: T[]) => Promise<void>): GroupCommit<T> {
  return { submit: (item) => commit([item]) }
}
